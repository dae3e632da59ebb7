package dev.agent0.core.runtime;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Lowers PyTorch's intra-op thread count on the calling thread for a block, then restores it:
 * {@code try (IntraOpThreads t = IntraOpThreads.atMost(1)) { ... }}.
 *
 * <p>Why: on small tensors the second thread costs more than it saves. With two threads, MKL and
 * OpenMP open a parallel region for every matrix product and vector-math call however small; on the
 * 2-vCPU machine of docs/performance.md a 16×64·64×64 linear took 18 µs on two threads and 4.4 µs
 * on one, a 1024-element {@code sqrt} 9 µs and 1.6 µs. What it changes: PyTorch's count ({@code
 * at::set_num_threads}: the caller's OpenMP and MKL settings), which every op issued from this
 * thread inside the block reads. Not for blocks shared with other threads' tensor work.
 */
public final class IntraOpThreads implements AutoCloseable {
    private static final IntraOpThreads UNCHANGED = new IntraOpThreads(0);

    private final int restore; // 0 when the count was left unchanged

    private IntraOpThreads(int restore) {
        this.restore = restore;
    }

    /**
     * Runs the block on at most {@code n} (≥ 1) intra-op threads; a no-op when already at most n.
     */
    public static IntraOpThreads atMost(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n = " + n + ", must be >= 1");
        }
        int current = JniUtils.getNumThreads();
        if (current <= n) {
            return UNCHANGED;
        }
        JniUtils.setNumThreads(n);
        return new IntraOpThreads(current);
    }

    /** A block that keeps the current count (for code that lowers it only sometimes). */
    public static IntraOpThreads unchanged() {
        return UNCHANGED;
    }

    /** Restores the count this block started with. */
    @Override
    public void close() {
        if (restore > 0) {
            JniUtils.setNumThreads(restore);
        }
    }
}
