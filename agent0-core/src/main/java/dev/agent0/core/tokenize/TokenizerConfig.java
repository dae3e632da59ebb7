package dev.agent0.core.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fields of a Hugging Face {@code tokenizer_config.json} that rendering and generation need.
 *
 * <p>Token fields may be written either as a string or as an added-token object ({@code {"content":
 * "<|im_end|>", ...}}); both read as the token string. A {@code chat_template} given as a list of
 * named templates resolves to the one named {@code "default"}.
 *
 * @param bosToken beginning-of-sequence token, absent for Qwen.
 * @param eosToken end-of-sequence token ({@code <|im_end|>} for Qwen3 instruct).
 * @param padToken padding token ({@code <|endoftext|>} for Qwen).
 * @param unkToken unknown token, absent for byte-level tokenizers.
 * @param additionalSpecialTokens {@code additional_special_tokens}, in file order; may be empty.
 * @param chatTemplate the Jinja source of {@code chat_template}, if any.
 */
public record TokenizerConfig(
        Optional<String> bosToken,
        Optional<String> eosToken,
        Optional<String> padToken,
        Optional<String> unkToken,
        List<String> additionalSpecialTokens,
        Optional<String> chatTemplate) {

    public TokenizerConfig {
        additionalSpecialTokens = List.copyOf(additionalSpecialTokens);
    }

    /** A config with no special tokens and no template (for a bare {@code tokenizer.json}). */
    public static TokenizerConfig empty() {
        return new TokenizerConfig(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Optional.empty());
    }

    /**
     * Reads {@code file}.
     *
     * @throws TokenizerFileException when the file is unreadable, not a JSON object, or a field has
     *     the wrong form; the message names the file and the field
     */
    public static TokenizerConfig read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new TokenizerFileException(file, "not found", e);
        } catch (IOException e) {
            throw new TokenizerFileException(file, "cannot read as JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new TokenizerFileException(file, "expected a JSON object at top level");
        }
        List<String> additional = new ArrayList<>();
        JsonNode extra = root.path("additional_special_tokens");
        if (!extra.isMissingNode() && !extra.isNull()) {
            if (!extra.isArray()) {
                throw new TokenizerFileException(
                        file,
                        "additional_special_tokens: expected a list, found " + extra.getNodeType());
            }
            for (int i = 0; i < extra.size(); i++) {
                additional.add(
                        token(file, "additional_special_tokens[" + i + "]", extra.get(i))
                                .orElseThrow(
                                        () ->
                                                new TokenizerFileException(
                                                        file,
                                                        "additional_special_tokens: null entry")));
            }
        }
        return new TokenizerConfig(
                token(file, "bos_token", root.get("bos_token")),
                token(file, "eos_token", root.get("eos_token")),
                token(file, "pad_token", root.get("pad_token")),
                token(file, "unk_token", root.get("unk_token")),
                additional,
                template(file, root.get("chat_template")));
    }

    private static Optional<String> token(Path file, String field, JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return Optional.of(node.asText());
        }
        if (node.isObject() && node.path("content").isTextual()) {
            return Optional.of(node.get("content").asText());
        }
        throw new TokenizerFileException(
                file,
                field
                        + ": expected a string or {\"content\": string}, found "
                        + node.getNodeType());
    }

    private static Optional<String> template(Path file, JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return Optional.of(node.asText());
        }
        if (node.isArray()) {
            // Newer configs list named templates; apply_chat_template uses "default" unless told.
            for (JsonNode entry : node) {
                if ("default".equals(entry.path("name").asText(null))
                        && entry.path("template").isTextual()) {
                    return Optional.of(entry.get("template").asText());
                }
            }
            throw new TokenizerFileException(
                    file, "chat_template: a list without an entry named \"default\"");
        }
        throw new TokenizerFileException(
                file, "chat_template: expected a string or a list, found " + node.getNodeType());
    }
}
