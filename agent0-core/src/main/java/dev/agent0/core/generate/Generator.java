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
        int longest = prompts.stream().mapToInt(p -> p.length).max().orElse(0);
        if (capacity < longest + 1) {
            throw new IllegalArgumentException(
                    "capacity = "
                            + capacity
                            + ", must exceed the longest prompt ("
                            + longest
                            + ")");
        }
        return new GenerationSession(model, tokenizer, prompts, config, capacity);
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
