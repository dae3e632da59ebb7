package dev.agent0.rl.optim;

import dev.agent0.rl.Checks;

/**
 * Hyperparameters of AdamW (Loshchilov and Hutter 2019, as {@code torch.optim.AdamW}).
 *
 * <p>The learning rate is not here: it comes from an {@link LrSchedule} at every step.
 *
 * @param beta1 decay of the first-moment average; in [0, 1). Default 0.9.
 * @param beta2 decay of the second-moment average; in [0, 1). Default 0.999.
 * @param epsilon added to √v̂ in the denominator; > 0. Default 1e-8.
 * @param weightDecay decoupled weight decay λ (θ ← θ − lr·λ·θ); >= 0. Default 0.01 (reference).
 */
public record AdamWConfig(double beta1, double beta2, double epsilon, double weightDecay) {
    public AdamWConfig {
        Checks.arg(
                Double.isFinite(beta1) && beta1 >= 0 && beta1 < 1,
                "beta1 = %s, must be in [0, 1)",
                beta1);
        Checks.arg(
                Double.isFinite(beta2) && beta2 >= 0 && beta2 < 1,
                "beta2 = %s, must be in [0, 1)",
                beta2);
        Checks.arg(Double.isFinite(epsilon) && epsilon > 0, "epsilon = %s, must be > 0", epsilon);
        Checks.arg(
                Double.isFinite(weightDecay) && weightDecay >= 0,
                "weightDecay = %s, must be >= 0",
                weightDecay);
    }

    /** β1 0.9, β2 0.999, ε 1e-8, λ 0.01. */
    public static AdamWConfig defaults() {
        return new AdamWConfig(0.9, 0.999, 1e-8, 0.01);
    }

    public AdamWConfig withBetas(double b1, double b2) {
        return new AdamWConfig(b1, b2, epsilon, weightDecay);
    }

    public AdamWConfig withEpsilon(double e) {
        return new AdamWConfig(beta1, beta2, e, weightDecay);
    }

    public AdamWConfig withWeightDecay(double wd) {
        return new AdamWConfig(beta1, beta2, epsilon, wd);
    }
}
