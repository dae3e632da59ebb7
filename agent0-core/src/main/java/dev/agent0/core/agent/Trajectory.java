package dev.agent0.core.agent;

import dev.agent0.sandbox.Status;
import java.util.List;

/**
 * One executor rollout: a single assistant turn interleaving generated tokens and tool
 * observations.
 *
 * <p>Arrays over the response are aligned: entry t describes {@code responseIds[t]}.
 *
 * @param problemIndex index of the problem in the batch passed to the executor
 * @param sampleIndex index of this rollout among the problem's samples, 0..G-1
 * @param promptIds the rendered prompt's ids (chat template + generation prompt)
 * @param responseIds everything after the prompt: generated and observation tokens
 * @param lossMask 1 for a model-generated token, 0 for an observation token (masked out of the
 *     policy loss and the KL)
 * @param logProbs log p(token) under the sampling model at temperature 1 (π_old); 0 for observation
 *     tokens
 * @param samplingLogProbs log q(token) under the distribution actually sampled (temperature, top-p
 *     applied); 0 for observation tokens and for greedy decoding
 * @param toolCalls the tool turns, in order
 * @param answer the last {@code \boxed{}} of the response, or null when there is none
 * @param text the decoded response
 * @param end why the rollout ended
 */
public record Trajectory(
        int problemIndex,
        int sampleIndex,
        int[] promptIds,
        int[] responseIds,
        int[] lossMask,
        float[] logProbs,
        float[] samplingLogProbs,
        List<ToolCall> toolCalls,
        String answer,
        String text,
        RolloutEnd end) {
    public Trajectory {
        int n = responseIds.length;
        if (lossMask.length != n || logProbs.length != n || samplingLogProbs.length != n) {
            throw new IllegalStateException(
                    "response arrays differ in length: ids "
                            + n
                            + ", mask "
                            + lossMask.length
                            + ", logProbs "
                            + logProbs.length
                            + ", samplingLogProbs "
                            + samplingLogProbs.length);
        }
        toolCalls = List.copyOf(toolCalls);
    }

    /** Tool calls that actually ran code (N_tool of the curriculum's tool reward). */
    public int executedToolCalls() {
        return (int) toolCalls.stream().filter(ToolCall::executed).count();
    }

    /** True when any tool call failed in the sandbox itself (a trainer may drop the rollout). */
    public boolean hasSandboxError() {
        return toolCalls.stream().anyMatch(c -> c.status() == Status.SANDBOX_ERROR);
    }

    /** Number of model-generated tokens (mask 1). */
    public int generatedTokens() {
        int s = 0;
        for (int m : lossMask) {
            s += m;
        }
        return s;
    }

    /** Prompt followed by response: the sequence a trainer scores. */
    public int[] fullIds() {
        int[] all = new int[promptIds.length + responseIds.length];
        System.arraycopy(promptIds, 0, all, 0, promptIds.length);
        System.arraycopy(responseIds, 0, all, promptIds.length, responseIds.length);
        return all;
    }
}
