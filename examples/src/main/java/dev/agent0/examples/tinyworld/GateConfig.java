package dev.agent0.examples.tinyworld;

/**
 * Thresholds and sample sizes of the pre-RL gate (issue 8): a base checkpoint is fit for label-free
 * self-play only when it writes well-formed answers and questions, already uses the tool sometimes
 * on hard problems, and its majority vote is mostly right (TINY-WORLD.md, failure mode 2: a base
 * whose vote is wrong collapses onto a constant answer).
 *
 * @param minExecutorFormat lowest acceptable fraction of sampled executor responses that end with
 *     {@code \boxed{<integer>}} and the end-of-turn token. In [0, 1]. Default 0.99.
 * @param minCurriculumFormat lowest acceptable fraction of curriculum samples that end their turn
 *     and hold a {@code <question>} which {@link ArithmeticProblem#evaluate} accepts. In [0, 1].
 *     Default 0.99.
 * @param minHardToolRate lowest acceptable fraction of sampled executor trajectories on levels
 *     {@code hardFrom} and above that executed at least one tool call. In [0, 1]. Default 0.20.
 * @param minPseudoLabelAccuracy lowest acceptable fraction of labelled problems whose majority vote
 *     over k samples equals the true value. In [0, 1]. Default 0.85.
 * @param hardFrom the easiest level counted as hard. Default L4.
 * @param k sampled executor answers per problem (the vote's k). At least 1. Default 8 (the
 *     prototype's k).
 * @param problemsPerLevel labelled problems per level. 1 to {@link HeldOutSet#MAX_PER_LEVEL}.
 *     Default 20.
 * @param curriculumSamples curriculum samples for its format rate. At least 1. Default 200.
 * @param curriculumMaxTokens token cap of one curriculum sample. At least 1. Default 32 (an L6
 *     question takes 22).
 * @param seed seed of the labelled problems and of all sampling (temperature 1). Default {@link
 *     #DEFAULT_SEED}, distinct from the held-out set's.
 * @param rollout executor budgets and batch size. Default {@link EvaluationRollout#defaults()}.
 */
public record GateConfig(
        double minExecutorFormat,
        double minCurriculumFormat,
        double minHardToolRate,
        double minPseudoLabelAccuracy,
        DifficultyLevel hardFrom,
        int k,
        int problemsPerLevel,
        int curriculumSamples,
        int curriculumMaxTokens,
        long seed,
        EvaluationRollout rollout) {
    public static final long DEFAULT_SEED = 0x6A7E_5EEDL;

    public GateConfig {
        fraction("minExecutorFormat", minExecutorFormat);
        fraction("minCurriculumFormat", minCurriculumFormat);
        fraction("minHardToolRate", minHardToolRate);
        fraction("minPseudoLabelAccuracy", minPseudoLabelAccuracy);
        if (hardFrom == null || rollout == null) {
            throw new IllegalArgumentException("hardFrom and rollout must be non-null");
        }
        atLeast("k", k, 1);
        atLeast("problemsPerLevel", problemsPerLevel, 1);
        if (problemsPerLevel > HeldOutSet.MAX_PER_LEVEL) {
            throw new IllegalArgumentException(
                    "problemsPerLevel = "
                            + problemsPerLevel
                            + ", must be <= "
                            + HeldOutSet.MAX_PER_LEVEL);
        }
        atLeast("curriculumSamples", curriculumSamples, 1);
        atLeast("curriculumMaxTokens", curriculumMaxTokens, 1);
    }

    private static void fraction(String field, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(field + " = " + v + ", must be in [0, 1]");
        }
    }

    private static void atLeast(String field, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(field + " = " + v + ", must be >= " + min);
        }
    }

    /** The thresholds (0.99, 0.99, 0.20, 0.85), L4+ as hard, k 8, 20 problems per level. */
    public static GateConfig defaults() {
        return new GateConfig(
                0.99,
                0.99,
                0.20,
                0.85,
                DifficultyLevel.L4,
                8,
                20,
                200,
                32,
                DEFAULT_SEED,
                EvaluationRollout.defaults());
    }

    public GateConfig withK(int n) {
        return new GateConfig(
                minExecutorFormat,
                minCurriculumFormat,
                minHardToolRate,
                minPseudoLabelAccuracy,
                hardFrom,
                n,
                problemsPerLevel,
                curriculumSamples,
                curriculumMaxTokens,
                seed,
                rollout);
    }

    public GateConfig withProblemsPerLevel(int n) {
        return new GateConfig(
                minExecutorFormat,
                minCurriculumFormat,
                minHardToolRate,
                minPseudoLabelAccuracy,
                hardFrom,
                k,
                n,
                curriculumSamples,
                curriculumMaxTokens,
                seed,
                rollout);
    }

    public GateConfig withCurriculumSamples(int n) {
        return new GateConfig(
                minExecutorFormat,
                minCurriculumFormat,
                minHardToolRate,
                minPseudoLabelAccuracy,
                hardFrom,
                k,
                problemsPerLevel,
                n,
                curriculumMaxTokens,
                seed,
                rollout);
    }

    public GateConfig withSeed(long s) {
        return new GateConfig(
                minExecutorFormat,
                minCurriculumFormat,
                minHardToolRate,
                minPseudoLabelAccuracy,
                hardFrom,
                k,
                problemsPerLevel,
                curriculumSamples,
                curriculumMaxTokens,
                s,
                rollout);
    }

    public GateConfig withRollout(EvaluationRollout r) {
        return new GateConfig(
                minExecutorFormat,
                minCurriculumFormat,
                minHardToolRate,
                minPseudoLabelAccuracy,
                hardFrom,
                k,
                problemsPerLevel,
                curriculumSamples,
                curriculumMaxTokens,
                seed,
                r);
    }

    public GateConfig withCurriculumMaxTokens(int n) {
        return new GateConfig(
                minExecutorFormat,
                minCurriculumFormat,
                minHardToolRate,
                minPseudoLabelAccuracy,
                hardFrom,
                k,
                problemsPerLevel,
                curriculumSamples,
                n,
                seed,
                rollout);
    }

    public GateConfig withThresholds(
            double executorFormat,
            double curriculumFormat,
            double hardToolRate,
            double pseudoLabelAccuracy) {
        return new GateConfig(
                executorFormat,
                curriculumFormat,
                hardToolRate,
                pseudoLabelAccuracy,
                hardFrom,
                k,
                problemsPerLevel,
                curriculumSamples,
                curriculumMaxTokens,
                seed,
                rollout);
    }
}
