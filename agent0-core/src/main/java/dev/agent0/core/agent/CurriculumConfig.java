package dev.agent0.core.agent;

import dev.agent0.core.generate.SamplingConfig;

/**
 * Settings of the curriculum agent's problem generation (AGENT0-SPEC.md sections 1-2).
 *
 * @param sampling sampler. Default temperature 1.0, top-p 0.99, no top-k, seed 0 (the reference's
 *     curriculum GRPO rollouts; curation samples with top-p 0.95 via {@link #withSampling}).
 * @param maxNewTokens most tokens per generated problem. At least 1. Default 4096 (a choice of this
 *     project: the spec does not fix it; it matches the executor's budget).
 * @param systemPrompt the system message. Default {@link #DEFAULT_SYSTEM_PROMPT}.
 * @param userPrompt the user message that asks for one problem. Default {@link
 *     #DEFAULT_USER_PROMPT}.
 */
public record CurriculumConfig(
        SamplingConfig sampling, int maxNewTokens, String systemPrompt, String userPrompt) {

    /** Paraphrase of the reference's problem-setter system prompt. */
    public static final String DEFAULT_SYSTEM_PROMPT =
            """
            You are an expert problem setter for mathematics competitions. Think step by step to \
            design one brand-new, challenging problem that has a single, verifiable answer; the \
            problem may call for computation that is easier with a Python tool. Then write the \
            problem inside <question> and </question>, followed by its final answer in \\boxed{}. \
            Write nothing after the boxed answer.\
            """;

    /** Paraphrase of the reference's request. */
    public static final String DEFAULT_USER_PROMPT =
            "Generate one new, challenging reasoning question now. Follow the output format"
                    + " exactly.";

    public CurriculumConfig {
        if (sampling == null) {
            throw new IllegalArgumentException("sampling is null");
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens = " + maxNewTokens + ", must be >= 1");
        }
        if (systemPrompt == null || userPrompt == null) {
            throw new IllegalArgumentException(
                    "systemPrompt and userPrompt must be non-null (\"\" for none)");
        }
    }

    /** Temperature 1.0, top-p 0.99, 4096 new tokens, the default prompts. */
    public static CurriculumConfig defaults() {
        return new CurriculumConfig(
                new SamplingConfig(1.0, 0, 0.99, 0L),
                4096,
                DEFAULT_SYSTEM_PROMPT,
                DEFAULT_USER_PROMPT);
    }

    public CurriculumConfig withSampling(SamplingConfig s) {
        return new CurriculumConfig(s, maxNewTokens, systemPrompt, userPrompt);
    }

    public CurriculumConfig withMaxNewTokens(int n) {
        return new CurriculumConfig(sampling, n, systemPrompt, userPrompt);
    }

    public CurriculumConfig withSystemPrompt(String s) {
        return new CurriculumConfig(sampling, maxNewTokens, s, userPrompt);
    }

    public CurriculumConfig withUserPrompt(String s) {
        return new CurriculumConfig(sampling, maxNewTokens, systemPrompt, s);
    }
}
