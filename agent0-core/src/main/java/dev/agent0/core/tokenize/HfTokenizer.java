package dev.agent0.core.tokenize;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.agent0.core.runtime.OfflineMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A Hugging Face tokenizer read from a local model directory, through DJL's Rust bindings.
 *
 * <p>Built from {@code tokenizer.json} with truncation and padding off and {@code addSpecialTokens
 * = false}, so {@link #encode} equals Python's {@code tokenizer.encode(text,
 * add_special_tokens=False)}: no length cap (DJL otherwise cuts at 512), special-token strings in
 * the text become their single ids. {@code tokenizer_config.json} (optional) supplies the special
 * tokens and the chat template. Nothing is downloaded: the hub-name constructors are never used and
 * offline mode is enforced before DJL loads.
 *
 * <p>The instance owns a native handle: {@link #close()} it. Encoding and decoding are safe to call
 * from several threads.
 */
public final class HfTokenizer implements TextTokenizer, AutoCloseable {
    /** File holding the vocabulary, merges and normaliser/pre-tokeniser pipeline. */
    public static final String TOKENIZER_FILE = "tokenizer.json";

    /** File holding special tokens and the chat template. */
    public static final String CONFIG_FILE = "tokenizer_config.json";

    private final HuggingFaceTokenizer tokenizer;
    private final Map<String, Integer> vocab;
    private final Set<String> addedSpecialTokens;
    private final TokenizerConfig config;
    private final int vocabSize;
    private final Path configFile;
    private ChatTemplate chatTemplate;

    private HfTokenizer(
            HuggingFaceTokenizer tokenizer,
            Vocabulary vocabulary,
            TokenizerConfig config,
            Path configFile) {
        this.tokenizer = tokenizer;
        this.configFile = configFile;
        this.vocab = vocabulary.ids;
        this.addedSpecialTokens = vocabulary.specialTokens;
        this.config = config;
        this.vocabSize = vocabulary.size();
    }

    /**
     * Loads {@code modelDir/tokenizer.json} and, when present, {@code
     * modelDir/tokenizer_config.json}.
     *
     * @throws TokenizerFileException when {@code tokenizer.json} is missing or malformed, or a
     *     special token named in the config is not in the vocabulary
     */
    public static HfTokenizer load(Path modelDir) {
        Path tokenizerFile = modelDir.resolve(TOKENIZER_FILE);
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new TokenizerFileException(
                    tokenizerFile,
                    "not found (a model directory holds tokenizer.json next to config.json)");
        }
        Path configFile = modelDir.resolve(CONFIG_FILE);
        TokenizerConfig config =
                Files.isRegularFile(configFile)
                        ? TokenizerConfig.read(configFile)
                        : TokenizerConfig.empty();
        Vocabulary vocabulary = Vocabulary.read(tokenizerFile);
        checkKnown(configFile, "eos_token", config.eosToken(), vocabulary);
        checkKnown(configFile, "pad_token", config.padToken(), vocabulary);
        checkKnown(configFile, "bos_token", config.bosToken(), vocabulary);
        OfflineMode.enforce();
        try {
            HuggingFaceTokenizer hf =
                    HuggingFaceTokenizer.builder()
                            .optTokenizerPath(tokenizerFile)
                            .optAddSpecialTokens(false)
                            .optTruncation(false)
                            .optPadding(false)
                            .build();
            return new HfTokenizer(hf, vocabulary, config, configFile);
        } catch (IOException | RuntimeException e) {
            throw new TokenizerFileException(
                    tokenizerFile,
                    "rejected by the Hugging Face tokenizers library: " + e.getMessage(),
                    e);
        }
    }

    private static void checkKnown(
            Path file, String field, Optional<String> token, Vocabulary vocabulary) {
        if (token.isPresent() && !vocabulary.ids.containsKey(token.get())) {
            throw new TokenizerFileException(
                    file,
                    field
                            + " = \""
                            + token.get()
                            + "\" is not in the vocabulary of "
                            + TOKENIZER_FILE);
        }
    }

    @Override
    public int[] encode(String text) {
        long[] ids = tokenizer.encode(text, false, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    @Override
    public String decode(int[] ids) {
        return decode(ids, false);
    }

    /** Skips the tokens tokenizer.json marks {@code special} when {@code skipSpecialTokens}. */
    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocabSize) {
                throw new IllegalArgumentException(
                        "ids[" + i + "] = " + ids[i] + ", outside [0, " + vocabSize + ")");
            }
            wide[i] = ids[i];
        }
        return tokenizer.decode(wide, skipSpecialTokens);
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    /** Looks up a token in its vocabulary form (byte-level: {@code "Ġthe"} is " the"). */
    @Override
    public OptionalInt tokenId(String token) {
        Integer id = vocab.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** The parsed {@code tokenizer_config.json} (empty when the file is absent). */
    public TokenizerConfig config() {
        return config;
    }

    /** Id of {@code eos_token} from the config, if it names one. */
    public OptionalInt eosTokenId() {
        return config.eosToken().map(this::tokenId).orElse(OptionalInt.empty());
    }

    /** Id of {@code pad_token} from the config, if it names one. */
    public OptionalInt padTokenId() {
        return config.padToken().map(this::tokenId).orElse(OptionalInt.empty());
    }

    /**
     * The chat template of {@code tokenizer_config.json}, parsed on first use, with the config's
     * special tokens as variables; empty when the config has none.
     *
     * @throws TokenizerFileException when the template does not parse
     */
    public synchronized Optional<ChatTemplate> chatTemplate() {
        if (config.chatTemplate().isEmpty()) {
            return Optional.empty();
        }
        if (chatTemplate == null) {
            try {
                chatTemplate = ChatTemplate.fromConfig(config);
            } catch (TemplateException e) {
                throw new TokenizerFileException(configFile, "chat_template: " + e.getMessage(), e);
            }
        }
        return Optional.of(chatTemplate);
    }

    /** Added tokens marked {@code "special": true} in {@code tokenizer.json}, in id order. */
    public Set<String> specialTokens() {
        return addedSpecialTokens;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /** Token-to-id map of {@code model.vocab} plus {@code added_tokens}, read by streaming. */
    private record Vocabulary(Map<String, Integer> ids, Set<String> specialTokens, int maxId) {
        int size() {
            return maxId + 1;
        }

        static Vocabulary read(Path file) {
            Map<String, Integer> ids = new HashMap<>(1 << 18);
            Set<String> special = new LinkedHashSet<>();
            try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
                expect(file, p.nextToken() == JsonToken.START_OBJECT, "top level is not an object");
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    if (field.equals("model") && p.currentToken() == JsonToken.START_OBJECT) {
                        readModel(file, p, ids);
                    } else if (field.equals("added_tokens")
                            && p.currentToken() == JsonToken.START_ARRAY) {
                        readAdded(file, p, ids, special);
                    } else {
                        p.skipChildren();
                    }
                }
            } catch (IOException e) {
                throw new TokenizerFileException(file, "cannot parse: " + e.getMessage(), e);
            }
            expect(file, !ids.isEmpty(), "model.vocab: missing or empty");
            int maxId = Collections.max(ids.values());
            return new Vocabulary(Map.copyOf(ids), Collections.unmodifiableSet(special), maxId);
        }

        private static void readModel(Path file, JsonParser p, Map<String, Integer> ids)
                throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (!field.equals("vocab")) {
                    p.skipChildren();
                    continue;
                }
                expect(
                        file,
                        p.currentToken() == JsonToken.START_OBJECT,
                        "model.vocab: expected an object of token -> id");
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String token = p.currentName();
                    expect(
                            file,
                            p.nextToken() == JsonToken.VALUE_NUMBER_INT,
                            "model.vocab[\"" + token + "\"]: expected an integer id");
                    ids.put(token, p.getIntValue());
                }
            }
        }

        private static void readAdded(
                Path file, JsonParser p, Map<String, Integer> ids, Set<String> special)
                throws IOException {
            int index = 0;
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String content = null;
                Integer id = null;
                boolean isSpecial = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    switch (field) {
                        case "id" ->
                                id = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : null;
                        case "content" ->
                                content = value == JsonToken.VALUE_STRING ? p.getText() : null;
                        case "special" -> isSpecial = value == JsonToken.VALUE_TRUE;
                        default -> p.skipChildren();
                    }
                }
                expect(
                        file,
                        content != null && id != null,
                        "added_tokens["
                                + index
                                + "]: needs a string \"content\" and integer \"id\"");
                ids.put(content, id);
                if (isSpecial) {
                    special.add(content);
                }
                index++;
            }
        }

        private static void expect(Path file, boolean ok, String message) {
            if (!ok) {
                throw new TokenizerFileException(file, message);
            }
        }
    }
}
