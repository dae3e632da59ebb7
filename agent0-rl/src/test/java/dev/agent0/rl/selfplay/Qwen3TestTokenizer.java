package dev.agent0.rl.selfplay;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.core.tokenize.HfTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Qwen3 tokenizer of the repository's testdata/ (property agent0.testdata, set by the pom) for
 * the loop tests, with the runtime started as they run it (2 intra-op threads).
 */
final class Qwen3TestTokenizer {
    private Qwen3TestTokenizer() {}

    /** The tokenizer folder; fails when testdata/ is missing. */
    static Path dir() {
        Path dir =
                Path.of(
                        System.getProperty("agent0.testdata", "../testdata"),
                        "assets",
                        "qwen3-tokenizer");
        assertTrue(
                Files.isRegularFile(dir.resolve("tokenizer.json")),
                dir + "/tokenizer.json is missing: testdata/ ships with the repository");
        return dir;
    }

    /** Starts the runtime and loads the tokenizer of {@link #dir()}; the caller closes it. */
    static HfTokenizer load() {
        Path dir = dir();
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
        return HfTokenizer.load(dir);
    }

    /** The end-of-turn id, {@code <|im_end|>}. */
    static int endOfTurn(HfTokenizer tokenizer) {
        return tokenizer.tokenId("<|im_end|>").orElseThrow();
    }
}
