package dev.agent0.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Rotary position embedding in Hugging Face's "rotate_half" layout: dimension i pairs with i + D/2,
 * and inv_freq[i] = θ^(−2i/D), computed in float32 as {@code Qwen3RotaryEmbedding} does.
 */
public final class Rope {
    private final NDArray invFreq; // [D/2]
    private final NDArray rotation; // [D, D]: x · R = rotate_half(x)
    private final NDArray queryScale; // scalar folded into the query tables

    /**
     * Builds inv_freq and the rotate_half matrix on {@code manager} (long-lived: they are constants
     * of the autograd graph). {@code queryScale} (1/√D) is folded into the tables used for queries,
     * which saves a multiply per layer.
     */
    public Rope(QwenConfig config, NDManager manager, DataType dtype, NDArray queryScale) {
        int d = config.headDim();
        int half = d / 2;
        this.invFreq =
                manager.create(inverseFrequencies(d, config.ropeTheta())).toType(dtype, false);
        // rotate_half(x) = [−x₂, x₁]: column j < D/2 takes −x[j + D/2], column j ≥ D/2 takes x[j −
        // D/2].
        // Entries are 0 and ±1, so the product is exact.
        float[] r = new float[d * d];
        for (int j = 0; j < half; j++) {
            r[(j + half) * d + j] = -1f;
            r[j * d + j + half] = 1f;
        }
        this.rotation =
                manager.create(r, new ai.djl.ndarray.types.Shape(d, d)).toType(dtype, false);
        this.queryScale = queryScale;
    }

    /** θ^(−2i/D) for i in [0, D/2), in float32 arithmetic. */
    public static float[] inverseFrequencies(int headDim, double theta) {
        float[] f = new float[headDim / 2];
        for (int i = 0; i < f.length; i++) {
            float exponent = (float) (2 * i) / headDim;
            f[i] = 1f / (float) Math.pow(theta, exponent);
        }
        return f;
    }

    /**
     * Tables for {@code positionIds} [B, T]: cos, sin (for keys) and cos·s, sin·s (for queries, s =
     * queryScale), each [B, 1, T, D].
     */
    public NDList cosSin(NDArray positionIds) {
        NDArray pos = positionIds.toType(invFreq.getDataType(), false).expandDims(2); // [B, T, 1]
        NDArray freqs = pos.mul(invFreq); // [B, T, D/2]
        NDArray emb = freqs.concat(freqs, 2).expandDims(1); // [B, 1, T, D]
        NDArray cos = emb.cos();
        NDArray sin = emb.sin();
        return new NDList(cos, sin, cos.mul(queryScale), sin.mul(queryScale));
    }

    /** Keys: x·cos + rotate_half(x)·sin for x [B, heads, T, D]. */
    public NDArray applyToKeys(NDArray x, NDList tables) {
        return applyToKeys(x, tables, false);
    }

    /** Keys; with {@code inPlace} (no graph recorded) the sum overwrites its own temporaries. */
    NDArray applyToKeys(NDArray x, NDList tables, boolean inPlace) {
        return rotate(x, tables.get(0), tables.get(1), inPlace);
    }

    /** Queries: (x·cos + rotate_half(x)·sin)·s, s = queryScale. */
    public NDArray applyToQueries(NDArray x, NDList tables) {
        return applyToQueries(x, tables, false);
    }

    /** Queries; with {@code inPlace} (no graph recorded) the sum overwrites its own temporaries. */
    NDArray applyToQueries(NDArray x, NDList tables, boolean inPlace) {
        return rotate(x, tables.get(2), tables.get(3), inPlace);
    }

    private NDArray rotate(NDArray x, NDArray cos, NDArray sin, boolean inPlace) {
        // Keep this op order (x·cos created first, as HF does): creating x·R first changed the
        // gradient bits of k_proj and k_norm (autograd then sums x's two gradients the other way
        // round, which is not bit-neutral here) and with them the tiny world's results.
        NDArray direct = x.mul(cos);
        return QwenModel.add(direct, QwenModel.mul(x.matMul(rotation), sin, inPlace), inPlace);
    }
}
