package dev.agent0.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Additive attention masks and position ids for padded batches, built on the host.
 *
 * <p>A masked entry is {@value #NEG}, not −∞: a query whose keys are all masked (a padding row)
 * then gets a uniform distribution instead of NaN, and its output is ignored.
 */
public final class AttentionMasks {
    /** The additive value of a masked entry. */
    public static final float NEG = -1e9f;

    private AttentionMasks() {}

    /** Causal + padding mask [B, 1, T, T]: query t sees key j iff j ≤ t and keep[b][j]. */
    public static NDArray causal(NDManager manager, boolean[][] keep, DataType dtype) {
        int b = keep.length;
        int t = keep[0].length;
        float[] m = new float[b * t * t];
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < t; j++) {
                    m[(r * t + i) * t + j] = j <= i && keep[r][j] ? 0f : NEG;
                }
            }
        }
        return manager.create(m, new Shape(b, 1, t, t)).toType(dtype, false);
    }

    /** Position ids [B, T]: the number of kept tokens before each position (0 for padding). */
    public static NDArray positions(NDManager manager, boolean[][] keep) {
        int b = keep.length;
        int t = keep[0].length;
        long[] p = new long[b * t];
        for (int r = 0; r < b; r++) {
            long count = 0;
            for (int i = 0; i < t; i++) {
                p[r * t + i] = keep[r][i] ? count++ : 0;
            }
        }
        return manager.create(p, new Shape(b, t));
    }
}
