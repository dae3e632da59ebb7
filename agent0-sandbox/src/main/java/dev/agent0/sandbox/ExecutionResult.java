package dev.agent0.sandbox;

import java.util.Objects;

/**
 * What one snippet did. Expected outcomes (errors, timeouts, memory) are values, never exceptions;
 * {@link Status#SANDBOX_ERROR} marks a failure of the sandbox itself.
 *
 * @param status how it ended; see {@link Status}.
 * @param exitCode process exit code, or -1 if it was killed by a signal or never ran.
 * @param signal the signal that killed it (e.g. 9), or 0.
 * @param stdout captured standard output (UTF-8, malformed bytes replaced), at most {@link
 *     SandboxLimits#captureBytesPerStream()} bytes.
 * @param stderr captured standard error, same cap.
 * @param stdoutTruncated true if stdout was longer than the cap (or the snippet was killed for it).
 * @param stderrTruncated true if stderr was longer than the cap.
 * @param wallMillis wall-clock time from fork to exit, in ms.
 * @param cpuMillis user + system CPU time of the snippet's processes, in ms.
 * @param error for {@link Status#SANDBOX_ERROR} the reason; otherwise "".
 */
public record ExecutionResult(
        Status status,
        int exitCode,
        int signal,
        String stdout,
        String stderr,
        boolean stdoutTruncated,
        boolean stderrTruncated,
        double wallMillis,
        double cpuMillis,
        String error) {

    public ExecutionResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(error, "error");
    }

    /** A sandbox failure: nothing is known about the program. */
    public static ExecutionResult sandboxError(String reason, double wallMillis) {
        return new ExecutionResult(
                Status.SANDBOX_ERROR, -1, 0, "", "", false, false, wallMillis, 0, reason);
    }

    /** True only for {@link Status#OK}. */
    public boolean ok() {
        return status == Status.OK;
    }
}
