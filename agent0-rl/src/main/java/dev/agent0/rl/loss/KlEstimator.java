package dev.agent0.rl.loss;

/**
 * Per-token estimators of KL(π_new ‖ π_ref) from d = log π_ref − log π_new (Schulman,
 * "Approximating KL divergence", 2020; verl's {@code kl_penalty} names in brackets).
 *
 * <p>d is clamped to ±{@link PolicyLossConfig#klLogRatioClamp()} in every estimator (verl clamps it
 * for k3 only; with the default 20 the two agree on every finite batch that matters), and k3 is
 * then clamped to ±{@link PolicyLossConfig#klValueClamp()} as verl does.
 */
public enum KlEstimator {
    /** k1 = −d = log π_new − log π_ref ("kl"): unbiased, high variance, can be negative. */
    K1,
    /** k2 = d²/2 ("mse"): biased, low variance, non-negative. */
    K2,
    /**
     * k3 = exp(d) − d − 1 ("low_var_kl"): unbiased, non-negative; the default (paper, β = 0.01).
     */
    K3
}
