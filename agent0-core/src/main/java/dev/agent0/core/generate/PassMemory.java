package dev.agent0.core.generate;

/**
 * How a pass over whole sequences (scoring, or a training forward and backward) trades time for
 * memory. Neither option changes what is computed; both change the order of floating-point
 * additions, so results agree with the plain pass to rounding, not bit for bit.
 *
 * @param logitChunk positions whose logits [B, chunk, V] exist at once: the log-probs, entropies
 *     and (in training) the loss and its gradient are computed chunk by chunk, so the whole [B, T,
 *     V] tensor (V = 151,936 for Qwen3: 2.5 GB per 4,096 FP32 positions) never exists; 0 = all
 *     positions at once. At least 0. Default 0.
 * @param recomputeLayers keep only each decoder layer's input [B, T, hidden] for backward and run
 *     the layer again during backward (activation recomputation, "gradient checkpointing" per
 *     layer), instead of every layer's activations; training only. Default false.
 */
public record PassMemory(int logitChunk, boolean recomputeLayers) {
    public PassMemory {
        if (logitChunk < 0) {
            throw new IllegalArgumentException(
                    "logitChunk = " + logitChunk + ", must be >= 0 (0 = no chunks)");
        }
    }

    /** The plain pass: all logits at once, every activation kept. */
    public static PassMemory none() {
        return new PassMemory(0, false);
    }

    /** True when neither option is on. */
    public boolean isPlain() {
        return logitChunk == 0 && !recomputeLayers;
    }
}
