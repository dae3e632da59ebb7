package dev.agent0.rl.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.agent0.rl.loss.LossMetrics;
import java.util.Arrays;

/**
 * What one {@link PolicyTrainer#step} did, in four named parts. Loss-like numbers are means over
 * its optimiser updates (each a whole mini-batch, divided by the mini-batch normaliser); counts and
 * fractions are over all unmasked tokens of all updates. As JSON (a line of metrics.jsonl) the
 * parts are flattened into one object with the field names given below (docs/rl.md lists them).
 *
 * @param losses what was minimised
 * @param clipping how often the trust region acted, and the policy ratios it saw
 * @param advantages the batch's advantages Ã
 * @param sampler how far the engine that sampled is from the trainer, and the correction applied
 * @param updates the optimiser updates, their gradients and throughput
 */
public record StepMetrics(
        @JsonUnwrapped Losses losses,
        @JsonUnwrapped Clipping clipping,
        @JsonUnwrapped Advantages advantages,
        @JsonUnwrapped Sampler sampler,
        @JsonUnwrapped Updates updates) {

    /**
     * @param loss pgLoss + β·kl, mean over updates (NaN when every update was skipped)
     * @param pgLoss clipped policy loss, mean over updates
     * @param kl KL estimate to the reference (0 when β = 0), mean over updates
     * @param entropy mean token entropy of the policy before the step, over unmasked tokens
     *     (computed without gradient while recomputing the old log-probs)
     */
    public record Losses(double loss, double pgLoss, double kl, double entropy) {
        /** Means over {@code applied} updates of the given sums; NaN when none was applied. */
        static Losses meanOver(
                int applied, double lossSum, double pgSum, double klSum, double entropy) {
            double nan = Double.NaN;
            return new Losses(
                    applied == 0 ? nan : lossSum / applied,
                    applied == 0 ? nan : pgSum / applied,
                    applied == 0 ? nan : klSum / applied,
                    entropy);
        }
    }

    /**
     * @param lowFraction {@code clipLowFraction}: unmasked tokens with Ã &lt; 0 where the clipped
     *     term is active
     * @param highFraction {@code clipHighFraction}: unmasked tokens with Ã &gt; 0 where the clipped
     *     term is active
     * @param dualFraction {@code dualClipFraction}: unmasked tokens where the dual-clip cap is
     *     active
     * @param ratioMean mean of ρ over unmasked tokens of all updates
     * @param ratioMin min of ρ
     * @param ratioMax max of ρ
     */
    public record Clipping(
            @JsonProperty("clipLowFraction") double lowFraction,
            @JsonProperty("clipHighFraction") double highFraction,
            @JsonProperty("dualClipFraction") double dualFraction,
            double ratioMean,
            double ratioMin,
            double ratioMax) {
        /** The totals of the applied updates; no clipping and NaN ratios when none was applied. */
        static Clipping of(LossMetrics total) {
            double nan = Double.NaN;
            return total == null
                    ? new Clipping(0, 0, 0, nan, nan, nan)
                    : new Clipping(
                            total.clipLowFraction(),
                            total.clipHighFraction(),
                            total.dualClipFraction(),
                            total.ratioMean(),
                            total.ratioMin(),
                            total.ratioMax());
        }

        /** Fraction of unmasked tokens where the clipped term is active (low + high). */
        public double fraction() {
            return lowFraction + highFraction;
        }
    }

    /**
     * @param mean {@code advantageMean}: mean of Ã over sequences
     * @param std {@code advantageStd}: population std of Ã over sequences
     * @param min {@code advantageMin}
     * @param max {@code advantageMax}
     */
    public record Advantages(
            @JsonProperty("advantageMean") double mean,
            @JsonProperty("advantageStd") double std,
            @JsonProperty("advantageMin") double min,
            @JsonProperty("advantageMax") double max) {
        static Advantages of(double[] a) {
            double mean = Arrays.stream(a).average().orElse(0);
            double var = Arrays.stream(a).map(x -> (x - mean) * (x - mean)).average().orElse(0);
            return new Advantages(
                    mean,
                    Math.sqrt(var),
                    Arrays.stream(a).min().orElse(0),
                    Arrays.stream(a).max().orElse(0));
        }
    }

    /**
     * The sampler-vs-trainer mismatch over unmasked tokens, d = log π_old − log π_sampler (π_old:
     * recomputed by the trainer before the update; π_sampler: reported by the engine that sampled).
     * With the same weights in both, d is numerical noise; a large |d| means the engines disagree
     * (different weights, precision or kernels) and the rollouts are off-policy.
     *
     * @param logRatioMean {@code samplerLogRatioMean}: mean of d
     * @param logRatioMax {@code samplerLogRatioMax}: max of |d|
     * @param truncatedShare {@code samplerTruncatedShare}: share of tokens whose importance weight
     *     exp(d) exceeded the cap and was truncated (0 when the correction is off)
     * @param correctionCap {@code samplerCorrectionCap}: the cap C of min(exp(d), C); 0 = off
     */
    public record Sampler(
            @JsonProperty("samplerLogRatioMean") double logRatioMean,
            @JsonProperty("samplerLogRatioMax") double logRatioMax,
            @JsonProperty("samplerTruncatedShare") double truncatedShare,
            @JsonProperty("samplerCorrectionCap") double correctionCap) {}

    /**
     * @param samplingGap mean |log π_old − log π_sampling| over unmasked tokens: how far the
     *     recomputed old log-probs are from the sampler's (0 for an exact sampler)
     * @param gradNorm global gradient norm before clipping, mean over applied updates (NaN when
     *     none was applied)
     * @param lr learning rate of the last update
     * @param updates optimiser updates attempted (epochs × miniBatches)
     * @param skippedUpdates updates skipped because the loss or a gradient was NaN/∞
     * @param trainedTokens unmasked tokens in the rollout batch
     * @param tokensPerSecond tokens read by training forward/backward passes (all tokens, every
     *     epoch) per wall-clock second of the whole step
     */
    public record Updates(
            double samplingGap,
            double gradNorm,
            double lr,
            int updates,
            int skippedUpdates,
            long trainedTokens,
            double tokensPerSecond) {}
}
