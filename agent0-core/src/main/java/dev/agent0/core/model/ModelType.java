package dev.agent0.core.model;

/** The Hugging Face {@code model_type} values this decoder implements. */
public enum ModelType {
    /** Qwen2 / Qwen2.5: q/k/v biases, no q_norm/k_norm, {@code head_dim = hidden_size / heads}. */
    QWEN2,
    /** Qwen3: per-head RMSNorm on queries and keys (q_norm, k_norm), explicit {@code head_dim}. */
    QWEN3;

    /** The {@code model_type} string of {@code config.json}. */
    public String hfName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
