package dev.agent0.examples.tinyworld;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinyWorldTokenizerTest {

    @Test
    void markersAreSingleTokensAndTextRoundTrips(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokenizer.json");
        ObjectMapper json = new ObjectMapper();
        Files.writeString(file, json.writeValueAsString(TinyWorldTokenizer.tokenizerJson(json)));
        Map<String, Integer> vocab = TinyWorldTokenizer.vocabulary();
        String text =
                "<|im_start|>Q: 37+58*2\n```python\nprint(37+58*2)\n```\n```output\n153\n```\n"
                        + "\\boxed{153}<|im_end|>";
        try (HuggingFaceTokenizer t =
                HuggingFaceTokenizer.newInstance(
                        file,
                        Map.of(
                                "truncation",
                                "false",
                                "padding",
                                "false",
                                "addSpecialTokens",
                                "false"))) {
            Encoding e = t.encode(text);
            long[] expected =
                    ids(
                            vocab,
                            "<|im_start|>",
                            "Q",
                            ":",
                            " ",
                            "3",
                            "7",
                            "+",
                            "5",
                            "8",
                            "*",
                            "2",
                            "\n",
                            "```python\nprint(",
                            "3",
                            "7",
                            "+",
                            "5",
                            "8",
                            "*",
                            "2",
                            ")\n```\n",
                            "```output",
                            "\n",
                            "1",
                            "5",
                            "3",
                            "\n```\n",
                            "\\boxed{",
                            "1",
                            "5",
                            "3",
                            "}",
                            "<|im_end|>");
            assertArrayEquals(expected, e.getIds());
            assertEquals(text, t.decode(e.getIds(), false));
        }
    }

    @Test
    void vocabularyIdsAreDenseAndStable() {
        Map<String, Integer> vocab = TinyWorldTokenizer.vocabulary();
        assertEquals(
                3 + TinyWorldTokenizer.ALPHABET.length() + 1 + TinyWorldTokenizer.MARKERS.size(),
                vocab.size());
        assertEquals(0, vocab.get("<|endoftext|>"));
        assertEquals(3, vocab.get("0"));
        assertEquals(vocab.size() - 1, vocab.get("</question>"));
    }

    private static long[] ids(Map<String, Integer> vocab, String... tokens) {
        long[] out = new long[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            out[i] = vocab.get(tokens[i]);
        }
        return out;
    }
}
