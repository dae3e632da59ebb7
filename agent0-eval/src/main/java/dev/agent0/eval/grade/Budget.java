package dev.agent0.eval.grade;

/**
 * The per-comparison time cap: long loops call {@link #check()}, which throws past the deadline.
 */
final class Budget {
    private final long deadlineNanos;
    private final long capMillis;

    Budget(long capMillis) {
        this.capMillis = capMillis;
        this.deadlineNanos = System.nanoTime() + capMillis * 1_000_000L;
    }

    void check() {
        if (System.nanoTime() > deadlineNanos) {
            throw new Timeout(capMillis);
        }
    }

    /** Thrown when one comparison exceeds its cap; the grader turns it into a TIMEOUT grade. */
    static final class Timeout extends RuntimeException {
        Timeout(long capMillis) {
            super("comparison exceeded the time cap of " + capMillis + " ms", null, false, false);
        }
    }
}
