package dev.agent0.core.generate;

import java.util.List;

/**
 * When and how a round of generation stops, and how tokens are drawn.
 *
 * @param maxNewTokens most tokens sampled per sequence in one round (one call of {@link
 *     GenerationSession#generate()}); at least 1. Default 256.
 * @param sampling the sampler. Default {@link SamplingConfig#defaults()}.
 * @param stopStrings a sequence stops when the text generated in this round contains one of these
 *     (e.g. {@code "```output"}); the stop string stays in the text. Needs a tokenizer. Default
 *     none.
 * @param eosTokenIds a sequence stops after sampling one of these ids (kept as its last token).
 *     Default none; usually the model config's {@code eos_token_id}.
 * @param singleThreadBelow forward steps (prefill chunks and decode steps) whose work is below this
 *     run on one intra-op thread ({@link dev.agent0.core.runtime.IntraOpThreads}). Work = tokens in
 *     the step × hidden size × intermediate size, the multiply-adds of one MLP projection. Default
 *     {@value #DEFAULT_SINGLE_THREAD_BELOW}: measured on 2 cores (docs/model.md#generation), one
 *     thread was much faster at 0.13 M (the qwen3-tiny shape's batch-16 decode: 23 k vs 14 k
 *     tok/s), as fast at 0.5 M, a little faster at 1.7 M and 3.1 M (tiny-world batch-40 decode,
 *     Qwen3-0.6B batch-1 decode: +6 % each in paired runs) and slower at 4.2 M (qwen3-tiny batch-16
 *     prefill). The thread count does not change the results (same tokens and log-probs, bit for
 *     bit, checked on the fixtures and the tiny world). 0 never lowers it; must be ≥ 0.
 * @param firstStream the random stream of the session's first sequence: sequence i draws from
 *     stream (seed, firstStream + i). A batch split into consecutive blocks (to bound the KV cache,
 *     {@link dev.agent0.core.agent.TurnGenerator.Factory#maxRows}) gives each block the index of
 *     its first row, so every row draws as it would in the whole batch. Default 0; must be ≥ 0.
 */
public record GenerationConfig(
        int maxNewTokens,
        SamplingConfig sampling,
        List<String> stopStrings,
        List<Integer> eosTokenIds,
        long singleThreadBelow,
        int firstStream) {
    /** Work (multiply-adds of one MLP projection) below which a step runs on one thread. */
    public static final long DEFAULT_SINGLE_THREAD_BELOW = 4_000_000L;

    public GenerationConfig {
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens = " + maxNewTokens + ", must be >= 1");
        }
        if (sampling == null) {
            throw new IllegalArgumentException("sampling is null");
        }
        stopStrings = List.copyOf(stopStrings);
        eosTokenIds = List.copyOf(eosTokenIds);
        for (String s : stopStrings) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("stopStrings contains an empty string");
            }
        }
        if (singleThreadBelow < 0) {
            throw new IllegalArgumentException(
                    "singleThreadBelow = " + singleThreadBelow + ", must be >= 0");
        }
        if (firstStream < 0) {
            throw new IllegalArgumentException("firstStream = " + firstStream + ", must be >= 0");
        }
    }

    /** With the default {@code singleThreadBelow}. */
    public GenerationConfig(
            int maxNewTokens,
            SamplingConfig sampling,
            List<String> stopStrings,
            List<Integer> eosTokenIds) {
        this(maxNewTokens, sampling, stopStrings, eosTokenIds, DEFAULT_SINGLE_THREAD_BELOW, 0);
    }

    /** 256 new tokens, temperature 1, no stop strings, no EOS ids. */
    public static GenerationConfig defaults() {
        return new GenerationConfig(256, SamplingConfig.defaults(), List.of(), List.of());
    }

    public GenerationConfig withMaxNewTokens(int n) {
        return new GenerationConfig(
                n, sampling, stopStrings, eosTokenIds, singleThreadBelow, firstStream);
    }

    public GenerationConfig withSampling(SamplingConfig s) {
        return new GenerationConfig(
                maxNewTokens, s, stopStrings, eosTokenIds, singleThreadBelow, firstStream);
    }

    public GenerationConfig withStopStrings(List<String> s) {
        return new GenerationConfig(
                maxNewTokens, sampling, s, eosTokenIds, singleThreadBelow, firstStream);
    }

    public GenerationConfig withEosTokenIds(List<Integer> ids) {
        return new GenerationConfig(
                maxNewTokens, sampling, stopStrings, ids, singleThreadBelow, firstStream);
    }

    public GenerationConfig withSingleThreadBelow(long work) {
        return new GenerationConfig(
                maxNewTokens, sampling, stopStrings, eosTokenIds, work, firstStream);
    }

    public GenerationConfig withFirstStream(int stream) {
        return new GenerationConfig(
                maxNewTokens, sampling, stopStrings, eosTokenIds, singleThreadBelow, stream);
    }
}
