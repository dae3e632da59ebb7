package dev.agent0.core.generate;

import java.util.List;

/**
 * When and how a round of generation stops, and how tokens are drawn.
 *
 * @param maxNewTokens most tokens sampled per sequence in one round (one call of
 *                     {@link GenerationSession#generate()}); at least 1. Default 256.
 * @param sampling     the sampler. Default {@link SamplingConfig#defaults()}.
 * @param stopStrings  a sequence stops when the text generated in this round contains one of
 *                     these (e.g. {@code "```output"}); the stop string stays in the text. Needs a
 *                     tokenizer. Default none.
 * @param eosTokenIds  a sequence stops after sampling one of these ids (kept as its last token).
 *                     Default none; usually the model config's {@code eos_token_id}.
 */
public record GenerationConfig(int maxNewTokens, SamplingConfig sampling, List<String> stopStrings,
        List<Integer> eosTokenIds) {
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
    }

    /** 256 new tokens, temperature 1, no stop strings, no EOS ids. */
    public static GenerationConfig defaults() {
        return new GenerationConfig(256, SamplingConfig.defaults(), List.of(), List.of());
    }

    public GenerationConfig withMaxNewTokens(int n) {
        return new GenerationConfig(n, sampling, stopStrings, eosTokenIds);
    }

    public GenerationConfig withSampling(SamplingConfig s) {
        return new GenerationConfig(maxNewTokens, s, stopStrings, eosTokenIds);
    }

    public GenerationConfig withStopStrings(List<String> s) {
        return new GenerationConfig(maxNewTokens, sampling, s, eosTokenIds);
    }

    public GenerationConfig withEosTokenIds(List<Integer> ids) {
        return new GenerationConfig(maxNewTokens, sampling, stopStrings, ids);
    }
}
