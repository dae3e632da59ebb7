package dev.agent0.eval.grade;

/**
 * Settings of the value-equivalence grader.
 *
 * @param relativeTolerance tolerance for numbers where either side is a decimal or irrational: |a −
 *     b| ≤ tol·max(|a|, |b|). Default 1e-4 (Qwen2.5-Math {@code math_equal}).
 * @param symbolicTolerance relative tolerance at each random point of a symbolic comparison.
 *     Default 1e-6.
 * @param percent meaning of {@code \%}. Default {@link PercentPolicy#STRIP}.
 * @param timeCapMillis wall-clock cap per comparison, in ms, at least 1. Default 1000.
 * @param maxAnswerLength longer extracted answers score 0 without parsing. Default 1000 characters.
 * @param seed seed of the random evaluation points. Default 20240901.
 * @param points random points that must all agree, at least 1. Default 5.
 */
public record ValueGraderConfig(
        double relativeTolerance,
        double symbolicTolerance,
        PercentPolicy percent,
        long timeCapMillis,
        int maxAnswerLength,
        long seed,
        int points) {
    public ValueGraderConfig {
        if (!(relativeTolerance >= 0 && relativeTolerance < 1)) {
            throw new IllegalArgumentException(
                    "relativeTolerance = " + relativeTolerance + ", must be in [0, 1)");
        }
        if (!(symbolicTolerance >= 0 && symbolicTolerance < 1)) {
            throw new IllegalArgumentException(
                    "symbolicTolerance = " + symbolicTolerance + ", must be in [0, 1)");
        }
        if (percent == null) {
            throw new IllegalArgumentException("percent = null, must be a PercentPolicy");
        }
        if (timeCapMillis < 1) {
            throw new IllegalArgumentException(
                    "timeCapMillis = " + timeCapMillis + ", must be >= 1");
        }
        if (maxAnswerLength < 1) {
            throw new IllegalArgumentException(
                    "maxAnswerLength = " + maxAnswerLength + ", must be >= 1");
        }
        if (points < 1) {
            throw new IllegalArgumentException("points = " + points + ", must be >= 1");
        }
    }

    public static ValueGraderConfig defaults() {
        return new ValueGraderConfig(1e-4, 1e-6, PercentPolicy.STRIP, 1000, 1000, 20240901L, 5);
    }

    public ValueGraderConfig withPercent(PercentPolicy p) {
        return new ValueGraderConfig(
                relativeTolerance,
                symbolicTolerance,
                p,
                timeCapMillis,
                maxAnswerLength,
                seed,
                points);
    }

    public ValueGraderConfig withTimeCapMillis(long ms) {
        return new ValueGraderConfig(
                relativeTolerance, symbolicTolerance, percent, ms, maxAnswerLength, seed, points);
    }

    public ValueGraderConfig withSeed(long s) {
        return new ValueGraderConfig(
                relativeTolerance,
                symbolicTolerance,
                percent,
                timeCapMillis,
                maxAnswerLength,
                s,
                points);
    }
}
