package dev.agent0.rl.selfplay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A self-play run's folder: the config snapshot, append-only JSONL logs, and a committed state that
 * makes a killed run resumable with nothing lost and nothing duplicated.
 *
 * <p>Crash safety: JSONL lines are appended and forced to disk; {@link #commit(JsonNode)}
 * atomically writes {@code state.json} with the caller's state (e.g. iteration, phase, step,
 * checkpoint path) and the byte length of every JSONL file at that moment. Opening an existing run
 * truncates each JSONL file back to its committed length, so lines written after the last commit —
 * work the resumed run will redo — appear exactly once.
 */
public final class RunDirectory {
    public static final String CONFIG = "config.json";
    public static final String STATE = "state.json";

    private final Path root;
    private final ObjectMapper json;
    private final boolean resumed;

    private RunDirectory(Path root, ObjectMapper json, boolean resumed) {
        this.root = root;
        this.json = json;
        this.resumed = resumed;
    }

    /**
     * Starts a run in {@code dir}, or resumes the one there.
     *
     * @throws RunConfigMismatchException when {@code dir} holds a run with another config; the
     *     message names every differing field
     */
    public static RunDirectory open(Path dir, JsonNode config) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path configFile = dir.resolve(CONFIG);
        try {
            if (Files.isRegularFile(configFile)) {
                JsonNode saved = readJson(json, configFile, "the run's config snapshot");
                List<String> diff = ConfigDiff.paths(saved, config);
                if (!diff.isEmpty()) {
                    throw new RunConfigMismatchException(configFile, diff);
                }
                RunDirectory run = new RunDirectory(dir, json, true);
                run.rollBackUncommittedLines();
                return run;
            }
            Files.createDirectories(dir);
            RunDirectory run = new RunDirectory(dir, json, false);
            AtomicFiles.writeString(configFile, json.writeValueAsString(config));
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException("run directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** True when {@link #open} found an existing run with the same config. */
    public boolean resumed() {
        return resumed;
    }

    /** The folder. */
    public Path root() {
        return root;
    }

    /** A path inside the run folder. */
    public Path resolve(String first, String... more) {
        return root.resolve(Path.of(first, more));
    }

    /** The caller's state of the last {@link #commit}, if any. */
    public Optional<JsonNode> committedState() {
        Path file = root.resolve(STATE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode state = readJson(json, file, "the run state").get("state");
            if (state == null || !state.isObject()) {
                throw new RunFileException(file, "field \"state\" missing or not an object");
            }
            return Optional.of(state);
        } catch (RunFileException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": unreadable run state: " + e.getMessage(), e);
        }
    }

    /** Appends one JSON line to {@code name} (e.g. {@code metrics.jsonl}) and forces it to disk. */
    public void appendJsonl(String name, Object record) {
        Path file = root.resolve(name);
        try (FileChannel ch =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
            byte[] line =
                    (json.copy()
                                            .disable(SerializationFeature.INDENT_OUTPUT)
                                            .writeValueAsString(record)
                                    + "\n")
                            .getBytes(StandardCharsets.UTF_8);
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records {@code state} and the current length of every JSONL file, atomically. Call it right
     * after a checkpoint is complete on disk.
     */
    public void commit(JsonNode state) {
        ObjectNode doc = json.createObjectNode();
        doc.set("state", state);
        ObjectNode files = doc.putObject("files");
        try (var list = Files.list(root)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                String n = p.getFileName().toString();
                if (n.endsWith(".jsonl")) {
                    files.put(n, Files.size(p));
                }
            }
            AtomicFiles.writeString(root.resolve(STATE), json.writeValueAsString(doc));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot commit state in " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code file} as JSON; a file that is not JSON (truncated, corrupted) is a {@link
     * RunFileException} naming it, an I/O failure stays an {@link IOException}.
     */
    static JsonNode readJson(ObjectMapper json, Path file, String what) throws IOException {
        try {
            JsonNode n = json.readTree(file.toFile());
            if (n == null || n.isMissingNode()) {
                throw new RunFileException(file, what + " is empty");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new RunFileException(
                    file, what + " is not readable JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Cuts every log back to its committed length (lines a killed run appended after its last
     * commit). Checks everything first and changes nothing when the state is unusable: a state
     * without its file lengths would otherwise cut every log to nothing.
     */
    private void rollBackUncommittedLines() throws IOException {
        Path stateFile = root.resolve(STATE);
        JsonNode files = json.createObjectNode();
        if (Files.isRegularFile(stateFile)) {
            files = readJson(json, stateFile, "the run state").get("files");
            if (files == null || !files.isObject()) {
                throw new RunFileException(
                        stateFile, "field \"files\" missing or not an object of log lengths");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Path p = root.resolve(e.getKey());
            if (!e.getValue().canConvertToLong() || e.getValue().asLong() < 0) {
                throw new RunFileException(
                        stateFile, "files." + e.getKey() + " = " + e.getValue() + ", not a length");
            }
            if (!Files.isRegularFile(p) || Files.size(p) < e.getValue().asLong()) {
                throw new RunFileException(
                        stateFile,
                        p
                                + " is shorter than its committed length "
                                + e.getValue().asLong()
                                + ": the run folder was modified by hand");
            }
        }
        try (var list = Files.list(root)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                String n = p.getFileName().toString();
                if (n.endsWith(".jsonl")) {
                    long keep = files.path(n).asLong(0);
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                        if (ch.size() > keep) {
                            ch.truncate(keep);
                            ch.force(true);
                        }
                    }
                }
            }
        }
    }
}
