package dev.agent0.examples.tinyworld;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tiny world's Hugging Face tokenizer: one token per character of the arithmetic alphabet, and
 * every multi-character marker of the two roles as ONE token, so transcripts are 2–3× shorter and
 * the tool stop string {@code ```output} is a single token (TINY-WORLD.md).
 *
 * <p>It is an ordinary {@code tokenizer.json} (WordLevel model, a split-every-character
 * pre-tokenizer, the Fuse decoder), loaded through the same code path as Qwen's tokenizer.
 */
public final class TinyWorldTokenizer {
    /** Turn and document markers; special, like Qwen's. */
    public static final List<String> SPECIAL =
            List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>");

    /** Characters of the domain. */
    public static final String ALPHABET = "0123456789+-*()= \n:QG{}";

    /** Multi-character markers, each one token (not special: they are ordinary text). */
    public static final List<String> MARKERS =
            List.of(
                    "```python\nprint(",
                    ")\n```\n",
                    "```output",
                    "\n```\n",
                    "\\boxed{",
                    "<question>",
                    "</question>");

    public static final String UNKNOWN = "<unk>";

    private TinyWorldTokenizer() {}

    /** Token string to id, in id order: specials, characters, unknown, markers. */
    public static Map<String, Integer> vocabulary() {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        SPECIAL.forEach(t -> vocab.put(t, vocab.size()));
        ALPHABET.chars().forEach(c -> vocab.put(String.valueOf((char) c), vocab.size()));
        vocab.put(UNKNOWN, vocab.size());
        MARKERS.forEach(t -> vocab.put(t, vocab.size()));
        return vocab;
    }

    /** The {@code tokenizer.json} document. */
    public static ObjectNode tokenizerJson(ObjectMapper json) {
        Map<String, Integer> vocab = vocabulary();
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String t : SPECIAL) {
            addedToken(added, vocab.get(t), t, true);
        }
        for (String t : MARKERS) {
            addedToken(added, vocab.get(t), t, false);
        }
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "Split");
        pre.putObject("pattern").put("Regex", "[\\s\\S]");
        pre.put("behavior", "Isolated");
        pre.put("invert", false);
        root.putNull("post_processor");
        root.putObject("decoder").put("type", "Fuse");
        ObjectNode model = root.putObject("model");
        model.put("type", "WordLevel");
        ObjectNode v = model.putObject("vocab");
        vocab.forEach(v::put);
        model.put("unk_token", UNKNOWN);
        return root;
    }

    private static void addedToken(ArrayNode added, int id, String content, boolean special) {
        ObjectNode t = added.addObject();
        t.put("id", id);
        t.put("content", content);
        t.put("single_word", false);
        t.put("lstrip", false);
        t.put("rstrip", false);
        t.put("normalized", false);
        t.put("special", special);
    }
}
