package dev.agent0.rl.reward;

import dev.agent0.eval.consistency.PHat;

/**
 * R_unc = 1 − 2|p̂ − 0.5|: the curriculum is paid most when the frozen executor's k answers split
 * evenly (p̂ = 0.5) and nothing when they agree or never agree (p̂ ∈ {0, 1}).
 *
 * <p>p̂ is the executor's self-consistency alone; unlike the reference code it is not zeroed when
 * the majority disagrees with the curriculum's own answer (spec section 6).
 */
public final class UncertaintyReward {
    private UncertaintyReward() {}

    /**
     * @param pHat the executor's self-consistency on the problem
     */
    public static double of(PHat pHat) {
        return 1.0 - 2.0 * Math.abs(pHat.value() - 0.5);
    }
}
