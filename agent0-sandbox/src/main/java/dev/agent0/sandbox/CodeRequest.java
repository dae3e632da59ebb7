package dev.agent0.sandbox;

import java.util.Objects;

/**
 * One snippet to run: Python source, what its stdin reads, and optional lower limits.
 *
 * @param code Python 3 source, run as {@code __main__}; not null.
 * @param stdin text fed to the program's standard input (UTF-8), then end-of-file; "" for none.
 * @param limits per-call limits; the sandbox applies {@code poolLimits.min(limits)}, so these can
 *     only lower the pool's. {@link SandboxLimits#UNBOUNDED} keeps the pool's.
 */
public record CodeRequest(String code, String stdin, SandboxLimits limits) {
    public CodeRequest {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(limits, "limits");
    }

    /** The code with empty stdin under the pool's limits. */
    public static CodeRequest of(String code) {
        return new CodeRequest(code, "", SandboxLimits.UNBOUNDED);
    }

    public CodeRequest withStdin(String s) {
        return new CodeRequest(code, s, limits);
    }

    public CodeRequest withLimits(SandboxLimits l) {
        return new CodeRequest(code, stdin, l);
    }

    /** This request with its wall-clock deadline lowered to {@code millis}. */
    public CodeRequest withWallTimeMillis(long millis) {
        return new CodeRequest(code, stdin, limits.withWallTimeMillis(millis));
    }
}
