package dev.agent0.rl.reward;

/**
 * R_format: 1 when the curriculum output has a non-empty {@code <question>} and a boxed answer,
 * else 0. A zero gate zeroes the whole curriculum reward.
 */
public final class FormatGate {
    private FormatGate() {}

    /**
     * @param question the parsed question, or null when no {@code <question>} block parsed
     * @param answer the parsed boxed answer, or null when none parsed
     */
    public static double score(String question, String answer) {
        return score(question, answer, true);
    }

    /**
     * @param requireAnswer false accepts a question without a boxed answer: for curricula whose
     *     format has none (the tiny world's {@code <question>…</question>}); the reward never uses
     *     the curriculum's own answer, only the executor's votes
     */
    public static double score(String question, String answer, boolean requireAnswer) {
        return question != null && !question.isBlank() && (answer != null || !requireAnswer)
                ? 1.0
                : 0.0;
    }
}
