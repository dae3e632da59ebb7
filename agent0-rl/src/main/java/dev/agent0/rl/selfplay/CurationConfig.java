package dev.agent0.rl.selfplay;

/**
 * The curation band of AGENT0-SPEC.md section 3: a generated problem trains the executor only when
 * its self-consistency p̂ lies in [minPHat, maxPHat] (both inclusive).
 *
 * @param minPHat lowest p̂ kept (problems below are too hard or too noisy to pseudo-label); in
 *                [0, 1]. Default 0.3 (reference).
 * @param maxPHat highest p̂ kept (problems above are too easy to teach anything); in [minPHat, 1].
 *                Default 0.8 (reference).
 */
public record CurationConfig(double minPHat, double maxPHat) {
    public CurationConfig {
        if (!(minPHat >= 0 && minPHat <= 1)) {
            throw new IllegalArgumentException("minPHat = " + minPHat + ", must be in [0, 1]");
        }
        if (!(maxPHat >= minPHat && maxPHat <= 1)) {
            throw new IllegalArgumentException("maxPHat = " + maxPHat + ", must be in [minPHat = " + minPHat
                    + ", 1]");
        }
    }

    /** The reference band [0.3, 0.8]. */
    public static CurationConfig defaults() {
        return new CurationConfig(0.3, 0.8);
    }

    /** True when {@code pHat} is inside the band, bounds included. */
    public boolean inBand(double pHat) {
        return pHat >= minPHat && pHat <= maxPHat;
    }
}
