package dev.agent0.core.agent;

import dev.agent0.sandbox.Status;

/**
 * One tool turn of an executor rollout: the program the turn asked to run and what came back.
 *
 * @param code the turn's {@code ```python} blocks joined with newlines; "" when the turn wrote
 *     {@code ```output} without a complete python block (then nothing ran)
 * @param status how the sandbox run ended; {@link Status#SANDBOX_ERROR} is the sandbox's own
 *     failure, not the program's; null when {@code code} is empty (nothing ran)
 * @param output the observation text ({@code "\n" + result + "\n```\n"}, a note added for timeouts,
 *     limits and sandbox errors), before truncation
 * @param observationTokens observation tokens actually appended (after truncation to the last N
 *     tokens and to the response budget)
 * @param truncated true when the observation was cut
 */
public record ToolCall(
        String code, Status status, String output, int observationTokens, boolean truncated) {
    /** True when code was actually sent to the sandbox (the tool-use reward counts these). */
    public boolean executed() {
        return !code.isEmpty();
    }
}
