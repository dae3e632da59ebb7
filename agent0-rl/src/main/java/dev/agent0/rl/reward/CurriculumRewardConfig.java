package dev.agent0.rl.reward;

/**
 * Weights of the curriculum agent's reward R_C = R_format · max(0, λ_unc·R_unc + λ_tool·R_tool −
 * R_rep) (AGENT0-SPEC.md section 2; paper and reference-code constants).
 *
 * @param lambdaUncertainty λ_unc, weight of R_unc = 1 − 2|p̂ − 0.5|; ≥ 0. Default 1.
 * @param lambdaTool λ_tool, weight of R_tool; ≥ 0. Default 0.6.
 * @param toolGamma γ in R_tool = γ·min(N_tool, C); ≥ 0. Default 0.25.
 * @param toolCap C, the tool-call count that earns the most; ≥ 0. Default 4.
 * @param lambdaRepetition λ_rep in R_rep = λ_rep·|C(x)|/B; ≥ 0. Default 1.
 * @param tau BLEU-distance threshold τ of the average-linkage clustering, in (0, 1]. Default 0.5.
 * @param toolReward ablation switch: false drops R_tool ("no tool reward"). Default true.
 * @param repetitionPenalty ablation switch: false drops R_rep. Default true.
 * @param requireAnswer the format gate also requires a boxed answer (paper). Default true; the tiny
 *     world's curriculum format has no answer, so its config sets false.
 */
public record CurriculumRewardConfig(
        double lambdaUncertainty,
        double lambdaTool,
        double toolGamma,
        int toolCap,
        double lambdaRepetition,
        double tau,
        boolean toolReward,
        boolean repetitionPenalty,
        boolean requireAnswer) {

    /** The paper's gate: an answer is required. */
    public CurriculumRewardConfig(
            double lambdaUncertainty,
            double lambdaTool,
            double toolGamma,
            int toolCap,
            double lambdaRepetition,
            double tau,
            boolean toolReward,
            boolean repetitionPenalty) {
        this(
                lambdaUncertainty,
                lambdaTool,
                toolGamma,
                toolCap,
                lambdaRepetition,
                tau,
                toolReward,
                repetitionPenalty,
                true);
    }

    public CurriculumRewardConfig {
        nonNegative("lambdaUncertainty", lambdaUncertainty);
        nonNegative("lambdaTool", lambdaTool);
        nonNegative("toolGamma", toolGamma);
        nonNegative("lambdaRepetition", lambdaRepetition);
        if (toolCap < 0) {
            throw new IllegalArgumentException("toolCap = " + toolCap + ", must be >= 0");
        }
        if (!(tau > 0 && tau <= 1)) {
            throw new IllegalArgumentException("tau = " + tau + ", must be in (0, 1]");
        }
    }

    /** λ_unc 1, λ_tool 0.6, γ 0.25, C 4, λ_rep 1, τ 0.5, both terms on. */
    public static CurriculumRewardConfig defaults() {
        return new CurriculumRewardConfig(1.0, 0.6, 0.25, 4, 1.0, 0.5, true, true);
    }

    public CurriculumRewardConfig withToolReward(boolean on) {
        return new CurriculumRewardConfig(
                lambdaUncertainty,
                lambdaTool,
                toolGamma,
                toolCap,
                lambdaRepetition,
                tau,
                on,
                repetitionPenalty,
                requireAnswer);
    }

    public CurriculumRewardConfig withRepetitionPenalty(boolean on) {
        return new CurriculumRewardConfig(
                lambdaUncertainty,
                lambdaTool,
                toolGamma,
                toolCap,
                lambdaRepetition,
                tau,
                toolReward,
                on,
                requireAnswer);
    }

    private static void nonNegative(String field, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(
                    field + " = " + v + ", must be a finite number >= 0");
        }
    }
}
