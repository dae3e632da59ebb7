package dev.agent0.rl.reward;

/**
 * R_format: 1 when the curriculum output has a non-empty {@code <question>} and a boxed answer,
 * else 0. A zero gate zeroes the whole curriculum reward.
 */
public final class FormatGate {
    private FormatGate() {}

    /**
     * @param question the parsed question, or null when no {@code <question>} block parsed
     * @param answer   the parsed boxed answer, or null when none parsed
     */
    public static double score(String question, String answer) {
        return question != null && !question.isBlank() && answer != null ? 1.0 : 0.0;
    }
}
