package dev.agent0.core.agent;

import dev.agent0.core.generate.SamplingConfig;

/**
 * Settings of the executor's multi-turn tool-integrated rollout (AGENT0-SPEC.md section 3).
 *
 * @param groupSize rollouts per problem, G; at least 1. Default 16 (reference).
 * @param sampling sampler; rows draw from streams derived from (seed, row). Default temperature
 *     1.0, top-p 1.0, no top-k, seed 0 (reference).
 * @param maxToolCalls most tool calls per trajectory; a turn asking for one more ends the
 *     trajectory ({@link RolloutEnd#TOOL_LIMIT}). At least 0. Default 4.
 * @param observationTokens an observation longer than this keeps only its last this-many tokens
 *     (the end of a traceback is the informative part). At least 1. Default 512.
 * @param responseBudget most response tokens (generated plus observation) per trajectory; a longer
 *     response is cut here. At least 1. Default 4096.
 * @param multiTurn false is the single-turn ablation: no stop string, no tool execution, one round
 *     per trajectory. Default true.
 * @param systemPrompt the executor's system message. Default {@link #DEFAULT_SYSTEM_PROMPT}.
 * @param maxCacheColumns KV-cache columns of a batch's session beyond its longest prompt; 0 means
 *     the worst case {@code (maxToolCalls + 1) · (responseBudget + observationTokens + 1)} (a round
 *     is as long as its longest row). A smaller value saves memory on large models; rows that run
 *     out end with {@link RolloutEnd#CAPACITY}. Default 0.
 */
public record ExecutorConfig(
        int groupSize,
        SamplingConfig sampling,
        int maxToolCalls,
        int observationTokens,
        int responseBudget,
        boolean multiTurn,
        String systemPrompt,
        int maxCacheColumns) {

    /** Paraphrase of the reference's tool-integrated reasoning system prompt. */
    public static final String DEFAULT_SYSTEM_PROMPT =
            """
            Solve the problem step by step. You may run Python code to help: write it in a \
            ```python code block and end the block with ```output. The code is executed and its \
            result is appended in the ```output block; then continue reasoning. Each block runs \
            on its own: variables do not carry over between blocks, so print every value you \
            need. Put the final answer in \\boxed{}.\
            """;

    public ExecutorConfig {
        check(groupSize >= 1, "groupSize", groupSize, ">= 1");
        if (sampling == null) {
            throw new IllegalArgumentException("sampling is null");
        }
        check(maxToolCalls >= 0, "maxToolCalls", maxToolCalls, ">= 0");
        check(observationTokens >= 1, "observationTokens", observationTokens, ">= 1");
        check(responseBudget >= 1, "responseBudget", responseBudget, ">= 1");
        check(maxCacheColumns >= 0, "maxCacheColumns", maxCacheColumns, ">= 0 (0 = worst case)");
        if (systemPrompt == null) {
            throw new IllegalArgumentException("systemPrompt is null (use \"\" for none)");
        }
    }

    private static void check(boolean ok, String field, int value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(field + " = " + value + ", must be " + rule);
        }
    }

    /**
     * The reference values: G 16, temperature 1, top-p 1, 4 tool calls, 512-token cap, 4096 budget.
     */
    public static ExecutorConfig defaults() {
        return new ExecutorConfig(
                16,
                new SamplingConfig(1.0, 0, 1.0, 0L),
                4,
                512,
                4096,
                true,
                DEFAULT_SYSTEM_PROMPT,
                0);
    }

    /** KV-cache columns a batch needs beyond its longest prompt. */
    public int cacheColumns() {
        if (maxCacheColumns > 0) {
            return maxCacheColumns;
        }
        int rounds = multiTurn ? maxToolCalls + 1 : 1;
        return Math.toIntExact((long) rounds * (responseBudget + observationTokens + 1));
    }

    public ExecutorConfig withGroupSize(int g) {
        return new ExecutorConfig(
                g,
                sampling,
                maxToolCalls,
                observationTokens,
                responseBudget,
                multiTurn,
                systemPrompt,
                maxCacheColumns);
    }

    public ExecutorConfig withSampling(SamplingConfig s) {
        return new ExecutorConfig(
                groupSize,
                s,
                maxToolCalls,
                observationTokens,
                responseBudget,
                multiTurn,
                systemPrompt,
                maxCacheColumns);
    }

    public ExecutorConfig withMaxToolCalls(int n) {
        return new ExecutorConfig(
                groupSize,
                sampling,
                n,
                observationTokens,
                responseBudget,
                multiTurn,
                systemPrompt,
                maxCacheColumns);
    }

    public ExecutorConfig withObservationTokens(int n) {
        return new ExecutorConfig(
                groupSize,
                sampling,
                maxToolCalls,
                n,
                responseBudget,
                multiTurn,
                systemPrompt,
                maxCacheColumns);
    }

    public ExecutorConfig withResponseBudget(int n) {
        return new ExecutorConfig(
                groupSize,
                sampling,
                maxToolCalls,
                observationTokens,
                n,
                multiTurn,
                systemPrompt,
                maxCacheColumns);
    }

    public ExecutorConfig withMultiTurn(boolean b) {
        return new ExecutorConfig(
                groupSize,
                sampling,
                maxToolCalls,
                observationTokens,
                responseBudget,
                b,
                systemPrompt,
                maxCacheColumns);
    }

    public ExecutorConfig withSystemPrompt(String s) {
        return new ExecutorConfig(
                groupSize,
                sampling,
                maxToolCalls,
                observationTokens,
                responseBudget,
                multiTurn,
                s,
                maxCacheColumns);
    }

    public ExecutorConfig withMaxCacheColumns(int n) {
        return new ExecutorConfig(
                groupSize,
                sampling,
                maxToolCalls,
                observationTokens,
                responseBudget,
                multiTurn,
                systemPrompt,
                n);
    }
}
