package dev.agent0.examples.tinyworld;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The shipped base models of the two embedded worlds: Hugging Face folders inside the jar, produced
 * by {@code agent0 pretrain-tiny [--world frontier] --out DIR} with each world's default recipe
 * (docs/tiny-world.md, docs/frontier-world.md), so a user needs no download and no ten-minute
 * pretraining before the demo.
 */
public final class TinyWorldBase {
    /** Classpath folder of the first world's shipped checkpoint. */
    public static final String RESOURCE_DIR = ArithmeticWorld.TINY.baseResourceDir();

    /** Its files. */
    public static final List<String> FILES =
            List.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json");

    private TinyWorldBase() {}

    /** True when the jar carries the base (it does, except in a build that has not made it yet). */
    public static boolean shipped() {
        return shipped(ArithmeticWorld.TINY);
    }

    /** True when the jar carries {@code world}'s base. */
    public static boolean shipped(ArithmeticWorld world) {
        return FILES.stream()
                .allMatch(
                        f -> TinyWorldBase.class.getResource(world.baseResourceDir() + f) != null);
    }

    /**
     * Copies the shipped base into {@code dir} (created if needed), each file through a temporary
     * file and an atomic rename.
     *
     * @return {@code dir}
     * @throws IllegalStateException when the jar does not carry the base
     */
    public static Path extract(Path dir) {
        return extract(ArithmeticWorld.TINY, dir);
    }

    /**
     * Copies {@code world}'s shipped base into {@code dir}, like {@link #extract(Path)}.
     *
     * @return {@code dir}
     */
    public static Path extract(ArithmeticWorld world, Path dir) {
        String resources = world.baseResourceDir();
        try {
            Files.createDirectories(dir);
            for (String f : FILES) {
                try (InputStream in = TinyWorldBase.class.getResourceAsStream(resources + f)) {
                    if (in == null) {
                        throw new IllegalStateException(
                                "the "
                                        + world.id()
                                        + "-world base is not in this build (missing "
                                        + resources
                                        + f
                                        + "); regenerate it with: agent0 pretrain-tiny --world "
                                        + world.id()
                                        + " --out DIR");
                    }
                    place(in.readAllBytes(), dir, f, "the shipped base");
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot extract the tiny-world base into " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies a tiny-world base of one's own (a folder written by {@code agent0 pretrain-tiny}) into
     * {@code dir}, like {@link #extract}.
     *
     * @return {@code dir}
     * @throws IllegalArgumentException naming the file when {@code from} lacks one of {@link
     *     #FILES}, or when {@code dir} already holds a different base
     */
    public static Path copy(Path from, Path dir) {
        for (String f : FILES) {
            if (!Files.isRegularFile(from.resolve(f))) {
                throw new IllegalArgumentException(
                        from.resolve(f) + ": missing; a tiny-world base folder holds " + FILES);
            }
        }
        try {
            Files.createDirectories(dir);
            for (String f : FILES) {
                place(Files.readAllBytes(from.resolve(f)), dir, f, from.toString());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot copy the base " + from + " into " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code bytes} as {@code dir/name} through a temporary file and an atomic rename. A run
     * folder resumed with another base would mix two starting points in one run: refused.
     */
    private static void place(byte[] bytes, Path dir, String name, String source)
            throws IOException {
        Path target = dir.resolve(name);
        if (Files.exists(target)) {
            if (java.util.Arrays.equals(Files.readAllBytes(target), bytes)) {
                return;
            }
            throw new IllegalArgumentException(
                    target
                            + " differs from "
                            + name
                            + " of "
                            + source
                            + ": this run folder was started from another base; use a new --out");
        }
        Path tmp = Files.createTempFile(dir, name, ".tmp");
        Files.write(tmp, bytes);
        Files.move(
                tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
