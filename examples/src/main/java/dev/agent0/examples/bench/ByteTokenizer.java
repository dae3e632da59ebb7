package dev.agent0.examples.bench;

import dev.agent0.core.tokenize.TextTokenizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One id per UTF-8 byte (0..255); ids 256.. decode to the strings in {@code specials} (or nothing),
 * so a random model over a small vocabulary "writes" tool calls often.
 *
 * <p>A copy of the agent0-core test tokenizer of the same name: {@link ExecutorRolloutBenchmark}
 * needs it, and test classes are not on the examples class path.
 */
final class ByteTokenizer implements TextTokenizer {
    private final int vocab;
    private final Map<Integer, String> specials;

    ByteTokenizer(int vocab, Map<Integer, String> specials) {
        this.vocab = vocab;
        this.specials = Map.copyOf(specials);
    }

    @Override
    public int[] encode(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            ids[i] = b[i] & 0xff;
        }
        return ids;
    }

    @Override
    public String decode(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : ids) {
            if (id < 256) {
                out.write(id);
            } else {
                out.writeBytes(specials.getOrDefault(id, "").getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public int vocabSize() {
        return vocab;
    }

    @Override
    public OptionalInt tokenId(String token) {
        return OptionalInt.empty();
    }
}
