package dev.agent0.core.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Sequences right-padded into one [B, T] batch on the host, with what scoring them needs: the input
 * ids, the next-token ids each position predicts, and which token positions count. Shared by {@link
 * LogProbScorer} and {@link LeanPass}, so both read the same batch.
 */
final class PaddedSequences {
    final int b;
    final int t;
    final boolean[][] keep;
    private final long[] ids;
    private final long[] next;

    private PaddedSequences(int b, int t, long[] ids, long[] next, boolean[][] keep) {
        this.b = b;
        this.t = t;
        this.ids = ids;
        this.next = next;
        this.keep = keep;
    }

    /**
     * Pads {@code sequences} to the longest; an id outside [0, vocab) is an
     * IllegalArgumentException naming it. The caller checks that the batch is not empty.
     */
    static PaddedSequences of(List<int[]> sequences, int vocab) {
        int b = sequences.size();
        int t = sequences.stream().mapToInt(s -> s.length).max().orElse(0);
        long[] ids = new long[b * t];
        long[] next = new long[b * t];
        boolean[][] keep = new boolean[b][t];
        for (int r = 0; r < b; r++) {
            int[] s = sequences.get(r);
            for (int i = 0; i < s.length; i++) {
                if (s[i] < 0 || s[i] >= vocab) {
                    throw new IllegalArgumentException(
                            "sequences["
                                    + r
                                    + "]["
                                    + i
                                    + "] = "
                                    + s[i]
                                    + " outside [0, "
                                    + vocab
                                    + ")");
                }
                ids[r * t + i] = s[i];
                keep[r][i] = true;
                if (i >= 1) {
                    next[r * t + i - 1] = s[i];
                }
            }
        }
        return new PaddedSequences(b, t, ids, next, keep);
    }

    /** Input ids [B, T]. */
    NDArray ids(NDManager m) {
        return m.create(ids, new Shape(b, t));
    }

    /**
     * The ids positions [p0, p1) predict (0 past a sequence's end), as [B, p1 − p0, 1] for gather.
     */
    NDArray next(NDManager m, int p0, int p1) {
        int n = p1 - p0;
        long[] out = new long[b * n];
        for (int r = 0; r < b; r++) {
            System.arraycopy(next, r * t + p0, out, r * n, n);
        }
        return m.create(out, new Shape(b, n, 1));
    }

    /**
     * 1 for token positions [from, to) that exist and have a context (index ≥ 1), else 0: [B, n].
     */
    NDArray tokenMask(NDManager m, int from, int to, DataType dtype) {
        int n = to - from;
        float[] out = new float[b * n];
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < n; j++) {
                int i = from + j;
                out[r * n + j] = i >= 1 && keep[r][i] ? 1f : 0f;
            }
        }
        return m.create(out, new Shape(b, n)).toType(dtype, false);
    }
}
