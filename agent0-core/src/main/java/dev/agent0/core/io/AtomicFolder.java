package dev.agent0.core.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes a whole folder atomically: it is filled in a hidden temporary sibling ({@code
 * .<name>.tmp-*}) and then renamed into place, the old folder (if any) moved aside first and
 * deleted after. A crash or a failure leaves the old folder or the new one, never a mix; a failure
 * also deletes the temporary folder. Used for checkpoints and merged models.
 */
public final class AtomicFolder {
    private AtomicFolder() {}

    /** Fills the temporary folder it is given. */
    @FunctionalInterface
    public interface Filler {
        void fill(Path dir) throws IOException;
    }

    /** Builds {@code target} with {@code filler}, replacing it if it exists. */
    public static void write(Path target, Filler filler) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + abs.getFileName() + ".tmp-");
        try {
            filler.fill(tmp);
            Path old = null;
            if (Files.exists(abs)) {
                old = abs.resolveSibling("." + abs.getFileName() + ".old-" + System.nanoTime());
                move(abs, old);
            }
            move(tmp, abs);
            tmp = null;
            if (old != null) {
                deleteQuietly(old);
            }
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** Deletes a folder tree, best effort: a leftover hidden folder is harmless. */
    static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort
        }
    }
}
