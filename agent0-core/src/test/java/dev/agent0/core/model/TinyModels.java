package dev.agent0.core.model;

import java.util.List;

/** Tiny configs that exercise every code path (biases, o_proj bias, q/k norms, GQA). */
public final class TinyModels {
    private TinyModels() {}

    /** Qwen3 with attention_bias (q/k/v/o biases), 2 query heads per KV head, vocab 11. */
    public static QwenConfig qwen3WithBias() {
        return new QwenConfig(
                ModelType.QWEN3,
                8,
                16,
                2,
                4,
                2,
                4,
                1e-6,
                10_000,
                11,
                true,
                512,
                true,
                TensorDType.F32,
                -1,
                List.of(10));
    }

    /** Qwen2 with q/k/v biases and a separate lm_head. */
    public static QwenConfig qwen2() {
        return new QwenConfig(
                ModelType.QWEN2,
                8,
                16,
                2,
                2,
                1,
                4,
                1e-6,
                10_000,
                11,
                false,
                512,
                true,
                TensorDType.F32,
                -1,
                List.of(10));
    }
}
