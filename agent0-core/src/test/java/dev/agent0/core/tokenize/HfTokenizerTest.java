package dev.agent0.core.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Qwen3 tokenizer through DJL, checked against ids read straight from {@code
 * tokenizer.json} (independent of the Rust tokenizer).
 */
class HfTokenizerTest {
    private static Path dir;
    private static HfTokenizer tokenizer;
    private static JsonNode vocab;
    private static JsonNode addedTokens;

    @BeforeAll
    static void load() throws IOException {
        dir = qwen3TokenizerDir();
        tokenizer = HfTokenizer.load(dir);
        JsonNode root = new ObjectMapper().readTree(dir.resolve("tokenizer.json").toFile());
        vocab = root.get("model").get("vocab");
        addedTokens = root.get("added_tokens");
    }

    @AfterAll
    static void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    /** The Qwen3 tokenizer directory (testdata/assets/qwen3-tokenizer). */
    static Path qwen3TokenizerDir() {
        return dev.agent0.core.TestData.path("assets/qwen3-tokenizer");
    }

    private static int vocabId(String token) {
        JsonNode id = vocab.get(token);
        assertTrue(id != null && id.isInt(), "test setup: " + token + " is not in model.vocab");
        return id.asInt();
    }

    private static int addedId(String content) {
        for (JsonNode t : addedTokens) {
            if (t.get("content").asText().equals(content)) {
                return t.get("id").asInt();
            }
        }
        throw new AssertionError("test setup: " + content + " is not in added_tokens");
    }

    @Test
    void specialTokensHaveTheirPublishedIds() {
        assertEquals(151643, addedId("<|endoftext|>"));
        assertEquals(151644, addedId("<|im_start|>"));
        assertEquals(151645, addedId("<|im_end|>"));
        assertEquals(OptionalInt.of(151644), tokenizer.tokenId("<|im_start|>"));
        assertEquals(OptionalInt.of(151645), tokenizer.eosTokenId());
        assertEquals(OptionalInt.of(151643), tokenizer.padTokenId());
        assertTrue(tokenizer.specialTokens().contains("<|im_end|>"));
    }

    @Test
    void specialTokenStringsInTextEncodeToSingleIds() {
        assertArrayEquals(new int[] {151644}, tokenizer.encode("<|im_start|>"));
        assertArrayEquals(new int[] {151645, 151643}, tokenizer.encode("<|im_end|><|endoftext|>"));
        // <|im_start|> "user" "\n" (byte-level Ċ) "Hi" <|im_end|>
        int[] expected = {151644, vocabId("user"), vocabId("Ċ"), vocabId("Hi"), 151645};
        assertArrayEquals(expected, tokenizer.encode("<|im_start|>user\nHi<|im_end|>"));
    }

    @Test
    void knownWordsEncodeToTheirVocabularyIds() {
        // Byte-level BPE marks a leading space with Ġ; each of these words is one vocab entry.
        assertArrayEquals(
                new int[] {vocabId("Hello"), vocabId("Ġworld")}, tokenizer.encode("Hello world"));
        assertArrayEquals(
                new int[] {vocabId("def"), vocabId("Ġmain"), vocabId("():")},
                tokenizer.encode("def main():"));
        assertEquals(OptionalInt.of(vocabId("Ġworld")), tokenizer.tokenId("Ġworld"));
        assertEquals(OptionalInt.empty(), tokenizer.tokenId("no-such-token-xyz"));
    }

    @Test
    void emptyTextEncodesToNoIds() {
        assertArrayEquals(new int[0], tokenizer.encode(""));
        assertEquals("", tokenizer.decode(new int[0]));
    }

    @Test
    void inputsLongerThan512TokensAreNotTruncated() {
        String text = String.join(" ", Collections.nCopies(1500, "hello"));
        int[] ids = tokenizer.encode(text);
        assertEquals(1500, ids.length);
        assertEquals(vocabId("hello"), ids[0]);
        assertEquals(vocabId("Ġhello"), ids[1499]);
        assertEquals(text, tokenizer.decode(ids));
    }

    @Test
    void decodeInvertsEncodeOnUnicodeText() {
        for (String s :
                List.of(
                        "naïve café — 数学 🙂 ∑_{i=1}^n i² = n(n+1)(2n+1)/6",
                        "  leading spaces\n\n\ttabs and trailing  ",
                        "<|im_start|>assistant\n"
                                + "<think>\n\n"
                                + "</think>\n\n"
                                + "```python\n"
                                + "print(37*48)\n"
                                + "```",
                        "Ελληνικά, русский, עברית, 日本語のテキスト")) {
            assertEquals(s, tokenizer.decode(tokenizer.encode(s)), "round trip of " + s);
        }
    }

    @Test
    void vocabSizeIsOnePastTheLargestId() {
        int max = 0;
        for (JsonNode id : vocab) {
            max = Math.max(max, id.asInt());
        }
        for (JsonNode t : addedTokens) {
            max = Math.max(max, t.get("id").asInt());
        }
        assertEquals(max + 1, tokenizer.vocabSize());
        assertThrows(
                IllegalArgumentException.class,
                () -> tokenizer.decode(new int[] {tokenizer.vocabSize()}));
    }

    @Test
    void missingTokenizerFileIsNamed(@TempDir Path empty) {
        TokenizerFileException e =
                assertThrows(TokenizerFileException.class, () -> HfTokenizer.load(empty));
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
    }

    @Test
    void unknownEosTokenNamesFileAndField(@TempDir Path tmp) throws IOException {
        Files.copy(dir.resolve("tokenizer.json"), tmp.resolve("tokenizer.json"));
        Files.writeString(tmp.resolve("tokenizer_config.json"), "{\"eos_token\": \"<|nope|>\"}");
        TokenizerFileException e =
                assertThrows(TokenizerFileException.class, () -> HfTokenizer.load(tmp));
        assertTrue(e.getMessage().contains("tokenizer_config.json"), e.getMessage());
        assertTrue(e.getMessage().contains("eos_token"), e.getMessage());
    }

    @Test
    void malformedConfigFieldIsNamed(@TempDir Path tmp) throws IOException {
        Files.copy(dir.resolve("tokenizer.json"), tmp.resolve("tokenizer.json"));
        Files.writeString(tmp.resolve("tokenizer_config.json"), "{\"chat_template\": 42}");
        TokenizerFileException e =
                assertThrows(TokenizerFileException.class, () -> HfTokenizer.load(tmp));
        assertTrue(e.getMessage().contains("chat_template"), e.getMessage());
    }
}
