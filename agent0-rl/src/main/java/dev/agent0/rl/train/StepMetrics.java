package dev.agent0.rl.train;

/**
 * What one {@link PolicyTrainer#step} did. Loss-like numbers are means over its optimiser updates
 * (each a whole mini-batch, divided by the mini-batch normaliser); counts and fractions are over all
 * unmasked tokens of all updates.
 *
 * @param loss              pgLoss + β·kl, mean over updates
 * @param pgLoss            clipped policy loss, mean over updates
 * @param kl                KL estimate to the reference (0 when β = 0), mean over updates
 * @param entropy           mean token entropy of the policy before the step, over unmasked tokens
 *                          (computed without gradient while recomputing the old log-probs)
 * @param clipLowFraction   fraction of unmasked tokens with Ã &lt; 0 where the clipped term is active
 * @param clipHighFraction  fraction of unmasked tokens with Ã &gt; 0 where the clipped term is active
 * @param dualClipFraction  fraction of unmasked tokens where the dual-clip cap is active
 * @param ratioMean         mean of ρ over unmasked tokens of all updates
 * @param ratioMin          min of ρ
 * @param ratioMax          max of ρ
 * @param advantageMean     mean of Ã over sequences
 * @param advantageStd      population std of Ã over sequences
 * @param advantageMin      min of Ã
 * @param advantageMax      max of Ã
 * @param samplingGap       mean |log π_old − log π_sampling| over unmasked tokens: how far the
 *                          recomputed old log-probs are from the sampler's (0 for an exact sampler)
 * @param gradNorm          global gradient norm before clipping, mean over applied updates (NaN
 *                          when none was applied)
 * @param lr                learning rate of the last update
 * @param updates           optimiser updates attempted (epochs × miniBatches)
 * @param skippedUpdates    updates skipped because the loss or a gradient was NaN/∞
 * @param trainedTokens     unmasked tokens in the rollout batch
 * @param tokensPerSecond   tokens read by training forward/backward passes (all tokens, every
 *                          epoch) per wall-clock second of the whole step
 */
public record StepMetrics(double loss, double pgLoss, double kl, double entropy,
        double clipLowFraction, double clipHighFraction, double dualClipFraction,
        double ratioMean, double ratioMin, double ratioMax, double advantageMean,
        double advantageStd, double advantageMin, double advantageMax, double samplingGap,
        double gradNorm, double lr, int updates, int skippedUpdates, long trainedTokens,
        double tokensPerSecond) {

    /** Fraction of unmasked tokens where the clipped term is active (low + high). */
    public double clipFraction() {
        return clipLowFraction + clipHighFraction;
    }
}
