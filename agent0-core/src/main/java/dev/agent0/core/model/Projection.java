package dev.agent0.core.model;

/**
 * The seven linear projections of a Qwen decoder layer, by their Hugging Face module names: the
 * places an adapter (LoRA) can attach.
 */
public enum Projection {
    /** Queries: hidden → heads · headDim. */
    Q_PROJ("self_attn", "q_proj"),
    /** Keys: hidden → kvHeads · headDim. */
    K_PROJ("self_attn", "k_proj"),
    /** Values: hidden → kvHeads · headDim. */
    V_PROJ("self_attn", "v_proj"),
    /** Attention output: heads · headDim → hidden. */
    O_PROJ("self_attn", "o_proj"),
    /** SwiGLU gate: hidden → intermediate. */
    GATE_PROJ("mlp", "gate_proj"),
    /** SwiGLU up: hidden → intermediate. */
    UP_PROJ("mlp", "up_proj"),
    /** SwiGLU down: intermediate → hidden. */
    DOWN_PROJ("mlp", "down_proj");

    private final String block;
    private final String module;

    Projection(String block, String module) {
        this.block = block;
        this.module = module;
    }

    /** The module name PEFT's {@code target_modules} uses, e.g. {@code q_proj}. */
    public String moduleName() {
        return module;
    }

    /** The path inside a decoder layer, e.g. {@code self_attn.q_proj}. */
    public String path() {
        return block + "." + module;
    }

    /** The Hugging Face weight name of this projection in layer {@code layer}. */
    public String weightName(int layer) {
        return "model.layers." + layer + "." + path() + ".weight";
    }

    /** Input features of the projection's weight [out, in]. */
    public long inFeatures(QwenConfig c) {
        return switch (this) {
            case Q_PROJ, K_PROJ, V_PROJ, GATE_PROJ, UP_PROJ -> c.hiddenSize();
            case O_PROJ -> (long) c.numAttentionHeads() * c.headDim();
            case DOWN_PROJ -> c.intermediateSize();
        };
    }

    /** Output features of the projection's weight [out, in]. */
    public long outFeatures(QwenConfig c) {
        return switch (this) {
            case Q_PROJ -> (long) c.numAttentionHeads() * c.headDim();
            case K_PROJ, V_PROJ -> (long) c.numKeyValueHeads() * c.headDim();
            case O_PROJ, DOWN_PROJ -> c.hiddenSize();
            case GATE_PROJ, UP_PROJ -> c.intermediateSize();
        };
    }

    /**
     * The projection whose PEFT module name is {@code name}; an IllegalArgumentException otherwise.
     */
    public static Projection ofModuleName(String name) {
        for (Projection p : values()) {
            if (p.module.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "'"
                        + name
                        + "' is not a Qwen projection (q_proj, k_proj, v_proj, "
                        + "o_proj, gate_proj, up_proj, down_proj)");
    }
}
