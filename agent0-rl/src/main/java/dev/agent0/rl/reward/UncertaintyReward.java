package dev.agent0.rl.reward;

/**
 * R_unc = 1 − 2|p̂ − 0.5|: the curriculum is paid most when the frozen executor's k answers split
 * evenly (p̂ = 0.5) and nothing when they agree or never agree (p̂ ∈ {0, 1}).
 *
 * <p>p̂ is the executor's self-consistency alone; unlike the reference code it is not zeroed
 * when the majority disagrees with the curriculum's own answer (spec section 6).
 */
public final class UncertaintyReward {
    private UncertaintyReward() {}

    /** @param pHat self-consistency in [0, 1] */
    public static double of(double pHat) {
        if (!(pHat >= 0 && pHat <= 1)) {
            throw new IllegalArgumentException("pHat = " + pHat + ", must be in [0, 1]");
        }
        return 1.0 - 2.0 * Math.abs(pHat - 0.5);
    }
}
