package dev.agent0.rl.advantage;

import dev.agent0.eval.consistency.PHat;
import java.util.List;

/**
 * How a rollout's reward becomes its advantage; each constant says what it computes.
 *
 * <p>Rollouts are grouped by problem (G rollouts per problem); statistics are per group.
 */
public enum AdvantageEstimator {
    /** GRPO: Â_i = (R_i − mean_g R)/(std_g R + 1e-6), std unbiased; ε_high constant. */
    GRPO,
    /** Dr.GRPO (Liu et al. 2025): Â_i = R_i − mean_g R, no std division; ε_high constant. */
    DR_GRPO,
    /** ADPO (the default for the executor): Ã_i = s(p̂)·Â_i with GRPO's Â, and ε_high(p̂). */
    ADPO;

    /** True when the upper clip bound depends on p̂ (ADPO only). */
    public boolean adaptiveClipHigh() {
        return this == ADPO;
    }

    /** True when the estimator reads each group's p̂ (ADPO only): GRPO batches may carry none. */
    public boolean needsPHat() {
        return this == ADPO;
    }

    /**
     * Advantages of a batch of rollouts.
     *
     * @param rewards R_i per rollout
     * @param groups group (problem) index of each rollout, in [0, pHat.length) for ADPO
     * @param pHat self-consistency p̂ per group; read only by {@link #ADPO} (may be empty
     *     otherwise)
     * @param ambiguity the s(p̂) curve; read only by {@link #ADPO}
     * @return one advantage per rollout, in input order
     */
    public double[] compute(double[] rewards, int[] groups, List<PHat> pHat, Ambiguity ambiguity) {
        return switch (this) {
            case GRPO -> Advantages.grpo(rewards, groups);
            case DR_GRPO -> Advantages.drGrpo(rewards, groups);
            case ADPO -> Advantages.adpo(rewards, groups, pHat, ambiguity);
        };
    }
}
