package dev.agent0.rl.reward;

/**
 * R_tool = γ·min(N_tool, C), where N_tool is the mean number of executed tool calls over the
 * executor's k trajectories for the problem — the executor's calls, not markers in the curriculum's
 * own text (the reference code's defect, spec section 6).
 */
public final class ToolUseReward {
    private ToolUseReward() {}

    /**
     * @param meanToolCalls mean executed code blocks per executor trajectory, ≥ 0
     */
    public static double of(double meanToolCalls, double gamma, int cap) {
        if (!(meanToolCalls >= 0)) {
            throw new IllegalArgumentException(
                    "meanToolCalls = " + meanToolCalls + ", must be >= 0");
        }
        return gamma * Math.min(meanToolCalls, cap);
    }
}
