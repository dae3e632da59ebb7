package dev.agent0.rl.advantage;

import dev.agent0.eval.consistency.PHat;
import dev.agent0.rl.Checks;
import java.util.List;

/**
 * Group-relative advantages over {@code double[]} (AGENT0-SPEC.md section 4).
 *
 * <p>Follows verl's {@code compute_grpo_outcome_advantage}: the std is unbiased (Bessel, like
 * {@code torch.std}), the denominator is std + 1e-6, and a group of one rollout has mean 0 and std
 * 1, so its advantage is R/(1 + 1e-6) (Dr.GRPO: R). A group whose rewards are all equal gets
 * advantage 0 for every rollout, so it contributes no policy gradient.
 */
public final class Advantages {
    /** Added to the group std before dividing (verl and TRL use the same constant). */
    public static final double STD_EPSILON = 1e-6;

    private Advantages() {}

    /** GRPO: Â_i = (R_i − mean_g R)/(std_g R + 1e-6). */
    public static double[] grpo(double[] rewards, int[] groups) {
        GroupStats stats = GroupStats.of(rewards, groups);
        double[] a = new double[rewards.length];
        for (int i = 0; i < a.length; i++) {
            int g = groups[i];
            a[i] = (rewards[i] - stats.mean[g]) / (stats.std[g] + STD_EPSILON);
        }
        return a;
    }

    /** Dr.GRPO: Â_i = R_i − mean_g R (no std normalisation: no difficulty bias). */
    public static double[] drGrpo(double[] rewards, int[] groups) {
        GroupStats stats = GroupStats.of(rewards, groups);
        double[] a = new double[rewards.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = rewards[i] - stats.mean[groups[i]];
        }
        return a;
    }

    /**
     * ADPO: Ã_i = s(p̂_g)·Â_i with GRPO's Â_i and p̂ of rollout i's group g.
     *
     * @param pHat self-consistency per group index; p̂ is kept under its own name end to end (the
     *     reference code overwrote it with the reward, AGENT0-SPEC.md section 6)
     */
    public static double[] adpo(
            double[] rewards, int[] groups, List<PHat> pHat, Ambiguity ambiguity) {
        double[] a = grpo(rewards, groups);
        for (int i = 0; i < a.length; i++) {
            Checks.arg(
                    groups[i] < pHat.size(),
                    "groups[%d] = %d has no p̂: ADPO needs one p̂ per group, got %d",
                    i,
                    groups[i],
                    pHat.size());
            // Low-consistency pseudo-labels are trusted less (paper: ambiguity-aware scaling).
            a[i] *= ambiguity.scale(pHat.get(groups[i]));
        }
        return a;
    }

    /** Per-group mean and unbiased std; groups are dense indices 0..n-1. */
    private record GroupStats(double[] mean, double[] std) {
        static GroupStats of(double[] rewards, int[] groups) {
            Checks.arg(
                    rewards.length == groups.length,
                    "rewards.length = %d, groups.length = %d: must be equal",
                    rewards.length,
                    groups.length);
            int n = 0;
            for (int i = 0; i < groups.length; i++) {
                Checks.arg(groups[i] >= 0, "groups[%d] = %d, must be >= 0", i, groups[i]);
                Checks.arg(
                        Double.isFinite(rewards[i]),
                        "rewards[%d] = %s, must be finite",
                        i,
                        rewards[i]);
                n = Math.max(n, groups[i] + 1);
            }
            double[] sum = new double[n];
            int[] count = new int[n];
            for (int i = 0; i < rewards.length; i++) {
                sum[groups[i]] += rewards[i];
                count[groups[i]]++;
            }
            double[] mean = new double[n];
            double[] sq = new double[n];
            for (int g = 0; g < n; g++) {
                mean[g] = count[g] > 1 ? sum[g] / count[g] : 0;
            }
            for (int i = 0; i < rewards.length; i++) {
                double d = rewards[i] - mean[groups[i]];
                sq[groups[i]] += d * d;
            }
            double[] std = new double[n];
            for (int g = 0; g < n; g++) {
                // A singleton group has mean 0 and std 1, as verl does.
                std[g] = count[g] > 1 ? Math.sqrt(sq[g] / (count[g] - 1)) : 1;
            }
            return new GroupStats(mean, std);
        }
    }
}
