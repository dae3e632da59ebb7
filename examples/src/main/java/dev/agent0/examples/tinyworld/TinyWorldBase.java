package dev.agent0.examples.tinyworld;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The shipped tiny-world base model: a Hugging Face folder inside the jar, produced by
 * {@code agent0 pretrain-tiny --out DIR} with the default recipe (docs/tiny-world.md), so a user
 * needs no download and no ten-minute pretraining before the demo.
 */
public final class TinyWorldBase {
    /** Classpath folder of the shipped checkpoint. */
    public static final String RESOURCE_DIR = "/dev/agent0/examples/tinyworld/base/";
    /** Its files. */
    public static final List<String> FILES = List.of("config.json", "model.safetensors", "tokenizer.json",
            "tokenizer_config.json");

    private TinyWorldBase() {}

    /** True when the jar carries the base (it does, except in a build that has not made it yet). */
    public static boolean shipped() {
        return FILES.stream().allMatch(f -> TinyWorldBase.class.getResource(RESOURCE_DIR + f) != null);
    }

    /**
     * Copies the shipped base into {@code dir} (created if needed), each file through a temporary
     * file and an atomic rename.
     *
     * @return {@code dir}
     * @throws IllegalStateException when the jar does not carry the base
     */
    public static Path extract(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String f : FILES) {
                try (InputStream in = TinyWorldBase.class.getResourceAsStream(RESOURCE_DIR + f)) {
                    if (in == null) {
                        throw new IllegalStateException("the tiny-world base is not in this build (missing " + RESOURCE_DIR
                                + f + "); regenerate it with: agent0 pretrain-tiny --out DIR");
                    }
                    Path tmp = Files.createTempFile(dir, f, ".tmp");
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the tiny-world base into " + dir + ": " + e.getMessage(), e);
        }
    }
}
