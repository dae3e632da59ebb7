package dev.agent0.eval.grade;

import java.util.List;

/** The graders this module offers, by name. */
public final class Graders {
    private Graders() {}

    /** value, hendrycks, gsm8k_strict, gsm8k_flexible, in that order. */
    public static List<Grader> all(ValueGraderConfig config) {
        return List.of(
                new ValueEquivalence(config),
                new HendrycksEquivalence(),
                new Gsm8kMatch(Gsm8kMatch.Mode.STRICT),
                new Gsm8kMatch(Gsm8kMatch.Mode.FLEXIBLE));
    }

    /** The grader called {@code name}, or IllegalArgumentException listing the names. */
    public static Grader byName(String name, ValueGraderConfig config) {
        for (Grader g : all(config)) {
            if (g.name().equals(name)) {
                return g;
            }
        }
        throw new IllegalArgumentException(
                "grader = '"
                        + name
                        + "', must be one of "
                        + all(config).stream().map(Grader::name).toList());
    }
}
