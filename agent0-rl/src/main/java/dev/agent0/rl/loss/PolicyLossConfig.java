package dev.agent0.rl.loss;

import dev.agent0.rl.Checks;

/**
 * Hyperparameters of the clipped policy loss and its KL penalty (AGENT0-SPEC.md sections 4 and 7).
 *
 * <p>The upper clip ε_high is an input per sequence ({@link PolicyBatch#clipHigh()}), because ADPO
 * makes it a function of each problem's p̂; {@link #clipHigh()} is the base value it starts from.
 *
 * @param clipLow ε_low: ρ is clipped below at 1 − ε_low; in [0, 1). Default 0.2.
 * @param clipHigh base ε_high (GRPO: the constant; ADPO: ε in ε_high(p̂)); clip-higher is clipHigh
 *     > clipLow (reference curriculum: 0.3); at least 0. Default 0.2.
 * @param dualClip dual-clip c: caps the loss of a token with Ã < 0 at −c·Ã; 0 = off, otherwise > 1
 *     (reference curriculum: 3). Default 0 (off).
 * @param logRatioClamp log ρ = log π_new − log π_old is clamped to ±this before exp, as verl does;
 *     > 0. Default 20.
 * @param klCoef β, weight of the KL penalty; 0 = no reference needed. Default 0.01.
 * @param klEstimator which per-token KL estimator. Default {@link KlEstimator#K3}.
 * @param klLogRatioClamp d = log π_ref − log π_new is clamped to ±this inside the KL estimator; >
 *     0. Default 20 (verl); 5 was measured stable at toy scale (spec 7).
 * @param klValueClamp k3 is clamped to ±this; > 0. Default 10 (verl).
 * @param aggregation how token losses become one number. Default {@link
 *     LossAggregation#TOKEN_MEAN}.
 */
public record PolicyLossConfig(
        double clipLow,
        double clipHigh,
        double dualClip,
        double logRatioClamp,
        double klCoef,
        KlEstimator klEstimator,
        double klLogRatioClamp,
        double klValueClamp,
        LossAggregation aggregation) {
    public PolicyLossConfig {
        Checks.arg(
                Double.isFinite(clipLow) && clipLow >= 0 && clipLow < 1,
                "clipLow = %s, must be in [0, 1)",
                clipLow);
        Checks.arg(
                Double.isFinite(clipHigh) && clipHigh >= 0,
                "clipHigh = %s, must be finite and >= 0",
                clipHigh);
        Checks.arg(
                dualClip == 0 || (Double.isFinite(dualClip) && dualClip > 1),
                "dualClip = %s, must be 0 (off) or > 1",
                dualClip);
        Checks.arg(
                Double.isFinite(logRatioClamp) && logRatioClamp > 0,
                "logRatioClamp = %s, must be finite and > 0",
                logRatioClamp);
        Checks.arg(Double.isFinite(klCoef) && klCoef >= 0, "klCoef = %s, must be >= 0", klCoef);
        Checks.arg(klEstimator != null, "klEstimator = null");
        Checks.arg(
                Double.isFinite(klLogRatioClamp) && klLogRatioClamp > 0,
                "klLogRatioClamp = %s, must be finite and > 0",
                klLogRatioClamp);
        Checks.arg(
                Double.isFinite(klValueClamp) && klValueClamp > 0,
                "klValueClamp = %s, must be finite and > 0",
                klValueClamp);
        Checks.arg(aggregation != null, "aggregation = null");
    }

    /**
     * ε_low 0.2, ε_high 0.2, no dual-clip, log-ratio ±20, β 0.01 with k3 (±20, ±10), token-mean.
     */
    public static PolicyLossConfig defaults() {
        return new PolicyLossConfig(
                0.2, 0.2, 0, 20, 0.01, KlEstimator.K3, 20, 10, LossAggregation.TOKEN_MEAN);
    }

    public boolean dualClipEnabled() {
        return dualClip > 0;
    }

    public PolicyLossConfig withClip(double low, double high) {
        return new PolicyLossConfig(
                low,
                high,
                dualClip,
                logRatioClamp,
                klCoef,
                klEstimator,
                klLogRatioClamp,
                klValueClamp,
                aggregation);
    }

    public PolicyLossConfig withDualClip(double c) {
        return new PolicyLossConfig(
                clipLow,
                clipHigh,
                c,
                logRatioClamp,
                klCoef,
                klEstimator,
                klLogRatioClamp,
                klValueClamp,
                aggregation);
    }

    public PolicyLossConfig withKl(double coef, KlEstimator estimator) {
        return new PolicyLossConfig(
                clipLow,
                clipHigh,
                dualClip,
                logRatioClamp,
                coef,
                estimator,
                klLogRatioClamp,
                klValueClamp,
                aggregation);
    }

    public PolicyLossConfig withKlClamps(double logRatio, double value) {
        return new PolicyLossConfig(
                clipLow,
                clipHigh,
                dualClip,
                logRatioClamp,
                klCoef,
                klEstimator,
                logRatio,
                value,
                aggregation);
    }

    public PolicyLossConfig withAggregation(LossAggregation a) {
        return new PolicyLossConfig(
                clipLow,
                clipHigh,
                dualClip,
                logRatioClamp,
                klCoef,
                klEstimator,
                klLogRatioClamp,
                klValueClamp,
                a);
    }
}
