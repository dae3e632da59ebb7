package dev.agent0.core.tokenize;

import java.util.OptionalInt;

/**
 * Text to token ids and back, as the model sees them.
 *
 * <p>Implementations never truncate, never pad and never add special tokens on their own:
 * special-token strings that appear in the text (e.g. {@code <|im_start|>}) are recognised as their
 * single ids, exactly as Hugging Face's {@code tokenizer.encode(text, add_special_tokens=False)}
 * does.
 */
public interface TextTokenizer {
    /** Token ids of {@code text}; special-token strings in it map to their ids. */
    int[] encode(String text);

    /** The text of {@code ids}, special tokens included (nothing is skipped). */
    String decode(int[] ids);

    /**
     * The text of {@code ids}, without the special tokens' text when {@code skipSpecialTokens}
     * (what an OpenAI-compatible server's {@code skip_special_tokens} asks for). A tokenizer that
     * knows no special tokens skips nothing: this default is {@link #decode(int[])}.
     */
    default String decode(int[] ids, boolean skipSpecialTokens) {
        return decode(ids);
    }

    /** Number of ids the tokenizer can produce (the model's vocab may be larger). */
    int vocabSize();

    /** The id of a token string such as {@code "<|im_end|>"}, if the vocabulary has it. */
    OptionalInt tokenId(String token);
}
