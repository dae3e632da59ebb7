package dev.agent0.rl.advantage;

import dev.agent0.eval.consistency.PHat;
import dev.agent0.rl.Checks;

/**
 * ADPO's two ambiguity curves over a problem's self-consistency p̂ (AGENT0-SPEC.md section 4).
 *
 * <ul>
 *   <li>advantage scale s(p̂) = s_min + (1 − s_min)·clamp((p̂ − lo)/(hi − lo), 0, 1):
 *       low-consistency pseudo-labels are trusted less (0.6 at p̂ ≤ 0.3, 1.0 at p̂ ≥ 0.8 with the
 *       defaults);
 *   <li>upper clip ε_high(p̂) = ε + bonus·clamp((hi − p̂)/(hi − lo), 0, 1): ambiguous problems get
 *       room to raise rare tokens (0.3 at p̂ ≤ 0.3, 0.2 at p̂ ≥ 0.8 with ε = 0.2).
 * </ul>
 *
 * <p>The band [lo, hi] is this curve's own setting, not the curation band: the reference code
 * hard-codes 0.3 and 0.8 in both places, so the defaults coincide, and with them the kept problems
 * span the whole curve (s from 0.6 to 1, ε_high from 0.3 to 0.2). Narrowing the curation band does
 * not move this one; set both when you want them to agree.
 *
 * @param lo p̂ at or below which a problem counts as fully ambiguous; in [0, 1). Default 0.3.
 * @param hi p̂ at or above which a problem counts as confident; in (lo, 1]. Default 0.8.
 * @param scaleMin s_min, the advantage scale of fully ambiguous problems; in [0, 1]. Default 0.6.
 * @param clipHighBonus the extra ε_high of fully ambiguous problems; at least 0. Default 0.1.
 */
public record Ambiguity(double lo, double hi, double scaleMin, double clipHighBonus) {
    public Ambiguity {
        Checks.arg(Checks.within(lo, 0, 1), "lo = %s, must be in [0, 1]", lo);
        Checks.arg(Checks.within(hi, 0, 1) && hi > lo, "hi = %s, must be in (lo = %s, 1]", hi, lo);
        Checks.arg(Checks.within(scaleMin, 0, 1), "scaleMin = %s, must be in [0, 1]", scaleMin);
        Checks.arg(
                Checks.within(clipHighBonus, 0, 10),
                "clipHighBonus = %s, must be in [0, 10]",
                clipHighBonus);
    }

    /** lo 0.3, hi 0.8, s_min 0.6, bonus 0.1: the reference code's constants. */
    public static Ambiguity defaults() {
        return new Ambiguity(0.3, 0.8, 0.6, 0.1);
    }

    public Ambiguity withBand(double newLo, double newHi) {
        return new Ambiguity(newLo, newHi, scaleMin, clipHighBonus);
    }

    public Ambiguity withScaleMin(double s) {
        return new Ambiguity(lo, hi, s, clipHighBonus);
    }

    public Ambiguity withClipHighBonus(double b) {
        return new Ambiguity(lo, hi, scaleMin, b);
    }

    /** s(p̂), the factor ADPO multiplies a problem's group advantages by. */
    public double scale(PHat pHat) {
        return scaleMin + (1 - scaleMin) * clamp01((pHat.value() - lo) / (hi - lo));
    }

    /** ε_high(p̂) = base + bonus·clamp((hi − p̂)/(hi − lo), 0, 1) for a base upper clip ε. */
    public double clipHigh(double base, PHat pHat) {
        return base + clipHighBonus * clamp01((hi - pHat.value()) / (hi - lo));
    }

    private static double clamp01(double x) {
        return Math.max(0, Math.min(1, x));
    }
}
