package dev.agent0.core.generate;

import dev.agent0.core.model.QwenModel;
import dev.agent0.core.tokenize.TextTokenizer;
import java.util.List;

/**
 * Entry point for sampling from a {@link QwenModel}: opens {@link GenerationSession}s, or runs one
 * round and closes it.
 */
public final class Generator {
    private final QwenModel model;
    private final TextTokenizer tokenizer;

    /**
     * @param model the decoder (not closed by this class)
     * @param tokenizer decodes results and detects stop strings; may be null (then texts are "" and
     *     stop strings are rejected)
     */
    public Generator(QwenModel model, TextTokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /**
     * Opens a resumable session for {@code prompts} whose KV cache holds {@code capacity} columns
     * (longest prompt + every round's new tokens and appended tokens must fit).
     */
    public GenerationSession start(List<int[]> prompts, GenerationConfig config, int capacity) {
        checkCapacity(prompts, capacity);
        return new GenerationSession(model, tokenizer, prompts, config, capacity, null);
    }

    /**
     * As {@link #start(List, GenerationConfig, int)}, but row i samples with its own seed: from
     * {@code new Sampler(config.sampling().withSeed(rowSeeds[i]), 0)}, as if it were alone in a
     * batch of one, instead of from stream (seed, firstStream + i). A server batching unrelated
     * requests needs this: each request's {@code seed} must decide its tokens, whoever shares its
     * batch.
     *
     * @param rowSeeds one seed per prompt
     */
    public GenerationSession start(
            List<int[]> prompts, GenerationConfig config, int capacity, long[] rowSeeds) {
        if (rowSeeds == null || rowSeeds.length != prompts.size()) {
            throw new IllegalArgumentException(
                    "rowSeeds has "
                            + (rowSeeds == null ? "no" : String.valueOf(rowSeeds.length))
                            + " seeds for "
                            + prompts.size()
                            + " prompts");
        }
        checkCapacity(prompts, capacity);
        return new GenerationSession(model, tokenizer, prompts, config, capacity, rowSeeds.clone());
    }

    private static void checkCapacity(List<int[]> prompts, int capacity) {
        int longest = prompts.stream().mapToInt(p -> p.length).max().orElse(0);
        if (capacity < longest + 1) {
            throw new IllegalArgumentException(
                    "capacity = "
                            + capacity
                            + ", must exceed the longest prompt ("
                            + longest
                            + ")");
        }
    }

    /**
     * One round for {@code prompts} (left-padded into one batch), with a cache just large enough.
     */
    public List<GenerationResult> generate(List<int[]> prompts, GenerationConfig config) {
        int longest = prompts.stream().mapToInt(p -> p.length).max().orElse(0);
        try (GenerationSession s = start(prompts, config, longest + config.maxNewTokens())) {
            return s.generate();
        }
    }
}
