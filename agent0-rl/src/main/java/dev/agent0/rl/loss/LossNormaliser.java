package dev.agent0.rl.loss;

import ai.djl.ndarray.NDArray;
import dev.agent0.rl.Checks;

/**
 * The divisor of one mini-batch's loss, fixed before its micro-batches are run.
 *
 * <p>Each micro-batch's loss is its numerator over this divisor, so summing the micro-batch losses
 * (and accumulating their gradients) gives exactly the loss of the whole mini-batch in one pass.
 *
 * @param aggregation the mode the divisor was computed for; must match the loss config
 * @param denominator the divisor, positive (see {@link LossAggregation} for each mode's value)
 */
public record LossNormaliser(LossAggregation aggregation, double denominator) {
    public LossNormaliser {
        Checks.arg(aggregation != null, "aggregation = null");
        Checks.arg(
                Double.isFinite(denominator) && denominator > 0,
                "denominator = %s, must be finite and > 0",
                denominator);
    }

    /**
     * The divisor from counts over the whole mini-batch.
     *
     * @param tokens unmasked tokens in the mini-batch; a mini-batch without any gives divisor 1
     *     (loss 0) rather than 0/0
     * @param sequences sequences in the mini-batch, at least 1
     * @param maxLength the Dr.GRPO constant (TRL's {@code max_completion_length}); read only by
     *     {@link LossAggregation#DR_GRPO}, must then be at least 1
     */
    public static LossNormaliser of(
            LossAggregation aggregation, long tokens, int sequences, int maxLength) {
        Checks.arg(tokens >= 0, "tokens = %s, must be >= 0", tokens);
        Checks.arg(sequences >= 1, "sequences = %s, must be >= 1", sequences);
        double d =
                switch (aggregation) {
                    case TOKEN_MEAN -> Math.max(tokens, 1);
                    case SEQ_MEAN_TOKEN_MEAN, SEQ_MEAN_TOKEN_SUM -> sequences;
                    case DR_GRPO -> {
                        Checks.arg(
                                maxLength >= 1,
                                "maxLength = %s, must be >= 1 for DR_GRPO",
                                maxLength);
                        yield (double) sequences * maxLength;
                    }
                };
        return new LossNormaliser(aggregation, d);
    }

    /**
     * The divisor from the loss mask of the whole mini-batch.
     *
     * @param miniBatchMask [B, T], 1 on tokens that count; not modified
     * @param maxLength the Dr.GRPO constant; defaults to T when 0
     */
    public static LossNormaliser of(
            LossAggregation aggregation, NDArray miniBatchMask, int maxLength) {
        Checks.arg(
                miniBatchMask.getShape().dimension() == 2,
                "miniBatchMask has shape %s, expected [B, T]",
                miniBatchMask.getShape());
        long tokens = miniBatchMask.gt(0).countNonzero().getLong();
        int sequences = (int) miniBatchMask.getShape().get(0);
        int t = (int) miniBatchMask.getShape().get(1);
        return of(aggregation, tokens, sequences, maxLength == 0 ? t : maxLength);
    }
}
