package dev.agent0.sandbox;

/**
 * How a snippet ended. Exit code 0 alone never means "passed": only {@link #OK} does.
 *
 * <p>{@link #SANDBOX_ERROR} is the sandbox's own failure (a crashed or hung server, a set-up
 * error), distinct from every program outcome, so a trainer can drop such rollouts instead of
 * punishing them.
 */
public enum Status {
    /** The program exited with code 0 within every limit. */
    OK,
    /** The program exited with a non-zero code or was killed by a signal it caused itself. */
    RUNTIME_ERROR,
    /** Wall-clock deadline or CPU-time limit reached; the whole snippet was killed. */
    TIMEOUT,
    /** The address-space limit was hit (Python raised {@code MemoryError}). */
    MEMORY,
    /** A stream passed the kill threshold (default 1 MiB); the snippet was killed. */
    OUTPUT_LIMIT,
    /** The sandbox failed, not the program: result says nothing about the code. */
    SANDBOX_ERROR
}
