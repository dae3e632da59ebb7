package dev.agent0.rl.selfplay;

/**
 * Curation (AGENT0-SPEC.md section 1, step 2): N problems from the trained curriculum, k executor
 * answers each, and the band of self-consistency p̂ a problem must lie in to train the executor.
 *
 * @param problems N, problems sampled per iteration; at least 1. Default 8000 (reference).
 * @param k executor answers per problem for ỹ and p̂; at least 1. Default 10 (reference).
 * @param minPHat lowest p̂ kept, inclusive (problems below are too hard or too noisy to
 *     pseudo-label); in [0, 1]. Default 0.3 (reference).
 * @param maxPHat highest p̂ kept, inclusive (problems above are too easy to teach anything); in
 *     [minPHat, 1]. Default 0.8 (reference).
 * @param topP nucleus of the curriculum's sampling of the N problems (its temperature stays the
 *     curriculum's); in (0, 1]. Default 0.95 (reference; the curriculum's own GRPO rollouts use
 *     0.99).
 */
public record CurationConfig(int problems, int k, double minPHat, double maxPHat, double topP) {
    public CurationConfig {
        if (problems < 1) {
            throw new IllegalArgumentException("problems = " + problems + ", must be >= 1");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k = " + k + ", must be >= 1");
        }
        if (!(minPHat >= 0 && minPHat <= 1)) {
            throw new IllegalArgumentException("minPHat = " + minPHat + ", must be in [0, 1]");
        }
        if (!(maxPHat >= minPHat && maxPHat <= 1)) {
            throw new IllegalArgumentException(
                    "maxPHat = " + maxPHat + ", must be in [minPHat = " + minPHat + ", 1]");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP = " + topP + ", must be in (0, 1]");
        }
    }

    /** The reference: 8000 problems, k = 10, band [0.3, 0.8], top-p 0.95. */
    public static CurationConfig defaults() {
        return new CurationConfig(8000, 10, 0.3, 0.8, 0.95);
    }

    /** A copy with the band [min, max]. */
    public CurationConfig withBand(double min, double max) {
        return new CurationConfig(problems, k, min, max, topP);
    }
}
