package dev.agent0.rl.selfplay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * File chores of {@link SelfPlayLoop}'s run folder: read back logged lines, delete stale folders.
 */
final class RunFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFiles() {}

    /**
     * Line {@code index} (0-based) of a run log as JSON; a corrupted committed line is a {@link
     * RunFileException} naming the file and the line.
     */
    static JsonNode line(Path file, int index, String text) {
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || !n.isObject()) {
                throw new RunFileException(file, "line " + (index + 1) + " is not a JSON object");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new RunFileException(
                    file, "line " + (index + 1) + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The lines of a JSONL file whose {@code iteration} is {@code t}, in order; none when absent.
     */
    static List<ObjectNode> iterationLines(Path file, int t) {
        List<ObjectNode> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                JsonNode n = line(file, i, lines.get(i));
                if (n.path("iteration").asInt(-1) == t) {
                    out.add((ObjectNode) n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": unreadable line: " + e.getMessage(), e);
        }
        return out;
    }

    /** The curated problems of iteration t from curated.jsonl (a resumed run's curated set). */
    static List<CuratedProblem> curated(Path file, int t) {
        List<CuratedProblem> out = new ArrayList<>();
        try {
            for (ObjectNode p : iterationLines(file, t)) {
                p.remove(List.of("iteration", "phase", "step"));
                out.add(JSON.treeToValue(p, CuratedProblem.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    file + ": unreadable curated problem: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Deletes the unit checkpoints ({@code curriculum-u<n>}, {@code executor-u<n>}) of {@code dir}
     * whose name is not in {@code keep}, and hidden leftovers of interrupted saves ({@code
     * .<name>.*}); the iterations' {@code iter-<t>/} folders stay. A no-op when {@code dir} is
     * absent.
     */
    static void deleteStaleUnitCheckpoints(Path dir, Set<String> keep) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var list = Files.list(dir)) {
            for (Path p : list.toList()) {
                String n = p.getFileName().toString();
                boolean unit = n.matches("(curriculum|executor)-u\\d+");
                if ((unit || n.startsWith(".")) && !keep.contains(n)) {
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes half-written checkpoint folders ({@code .<name>.tmp-*}, left by a kill during {@code
     * TrainingCheckpoint.save}) in {@code dir}.
     */
    static void deleteTempFolders(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var list = Files.list(dir)) {
            for (Path p : list.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(".") && n.contains(".tmp-")) {
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
