package dev.agent0.rl.loss;

/**
 * How per-token losses of a mini-batch become one number; each constant says what it divides by.
 *
 * <p>The divisor always belongs to the whole mini-batch ({@link LossNormaliser}), so under gradient
 * accumulation the micro-batch losses sum to the mini-batch loss.
 */
public enum LossAggregation {
    /**
     * Σ over unmasked tokens / number of unmasked tokens in the mini-batch. The default (paper).
     */
    TOKEN_MEAN,
    /**
     * Σ over sequences of (their token mean) / number of sequences in the mini-batch (GRPO paper).
     */
    SEQ_MEAN_TOKEN_MEAN,
    /** Σ over unmasked tokens / number of sequences in the mini-batch. */
    SEQ_MEAN_TOKEN_SUM,
    /** Dr.GRPO: Σ over unmasked tokens / (sequences in the mini-batch × max length), a constant. */
    DR_GRPO
}
