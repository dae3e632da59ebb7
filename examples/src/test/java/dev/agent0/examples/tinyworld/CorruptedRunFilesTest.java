package dev.agent0.examples.tinyworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent0.examples.cli.Agent0Cli;
import dev.agent0.rl.selfplay.RunDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder with one saved file truncated or corrupted: resuming it with {@code agent0 train}
 * fails with exit 2 and a message naming the file (and the field where there is one), and writes
 * nothing: every file of the folder is byte-identical afterwards. The folder is a real unfinished
 * LoRA run (a child killed after its first committed units), copied once per case.
 */
class CorruptedRunFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    /** A corruption of one file of the run folder, and what the error must name. */
    record Case(String name, String file, Consumer<Path> corrupt, List<String> named) {}

    @Test
    void eachCorruptedSavedFileIsRefusedByNameAndNothingIsWritten() throws Exception {
        RunFolders.assumeShippedBaseAndSandbox();
        Path config = tmp.resolve("lora.yaml");
        Files.writeString(
                config,
                Files.readString(Path.of("..", "configs", "tiny-smoke-lora.yaml"))
                        .replace("iterations: 1", "iterations: 3")
                        .replace("multiTurn: true", "multiTurn: false"));
        Path pristine = tmp.resolve("pristine");
        Process child = RunFolders.train(pristine, config, tmp.resolve("child.log"), 0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (RunFolders.committed(pristine) < 4) { // both agents have a checkpoint
            assertTrue(child.isAlive() && System.nanoTime() < deadline, "no 4 commits");
            Thread.sleep(5);
        }
        child.destroyForcibly().waitFor();
        dropUncommittedTails(pristine); // what every resume does first: not what is under test
        JsonNode state = JSON.readTree(pristine.resolve(RunDirectory.STATE).toFile()).get("state");
        String cur = state.get("curriculumCheckpoint").asText();
        String exe = state.get("executorCheckpoint").asText();

        List<Case> cases =
                List.of(
                        new Case(
                                "state truncated",
                                RunDirectory.STATE,
                                CorruptedRunFilesTest::halve,
                                List.of(RunDirectory.STATE)),
                        new Case(
                                "state without done",
                                RunDirectory.STATE,
                                f -> replace(f, "\"done\"", "\"dome\""),
                                List.of(RunDirectory.STATE, "done")),
                        new Case(
                                "state without its log lengths",
                                RunDirectory.STATE,
                                f -> replace(f, "\"files\"", "\"filez\""),
                                List.of(RunDirectory.STATE, "files")),
                        new Case(
                                "config snapshot truncated",
                                "config.json",
                                CorruptedRunFilesTest::halve,
                                List.of("config.json")),
                        new Case(
                                "adapter tensors truncated",
                                cur + "/adapter_model.safetensors",
                                CorruptedRunFilesTest::halve,
                                List.of("adapter_model.safetensors")),
                        new Case(
                                "adapter config not JSON",
                                cur + "/adapter_config.json",
                                f -> write(f, "{\"peft_type\": \"LORA\", \"r\": "),
                                List.of("adapter_config.json")),
                        new Case(
                                "optimizer state truncated",
                                exe + "/optimizer.safetensors",
                                CorruptedRunFilesTest::halve,
                                List.of("optimizer.safetensors")),
                        new Case(
                                "trainer state garbage",
                                exe + "/trainer_state.json",
                                f -> write(f, "[1, 2"),
                                List.of("trainer_state.json")),
                        new Case(
                                "rng state without its field",
                                exe + "/rng_state.json",
                                f -> write(f, "{}"),
                                List.of("rng_state.json")),
                        new Case(
                                "committed metrics line corrupted",
                                "metrics.jsonl",
                                f -> replace(f, "\"phase\"", "\"pha\u0000se"),
                                List.of("metrics.jsonl")));
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            Path run = tmp.resolve("case-" + cases.indexOf(c));
            copy(pristine, run);
            c.corrupt().accept(run.resolve(c.file()));
            TreeMap<String, byte[]> before = RunFolders.files(run);
            StringWriter err = new StringWriter();
            var cli = Agent0Cli.commandLine();
            cli.setErr(new PrintWriter(err));
            int code;
            try {
                code =
                        cli.execute(
                                "train",
                                "--config",
                                config.toString(),
                                "--out",
                                run.toString(),
                                "--device",
                                "cpu");
            } catch (RuntimeException e) {
                code = -1;
                err.write("uncaught " + e);
            }
            String msg = err.toString();
            String what = c.name() + ": exit " + code + ", " + abbreviate(msg);
            if (code != 2) {
                failures.add(what + " (expected exit 2)");
                continue;
            }
            for (String n : c.named()) {
                if (!msg.contains(n)) {
                    failures.add(what + " (does not name " + n + ")");
                }
            }
            TreeMap<String, byte[]> after = RunFolders.files(run);
            if (!before.keySet().equals(after.keySet())) {
                failures.add(c.name() + ": files added or removed: " + diff(before, after));
            } else {
                for (Map.Entry<String, byte[]> e : before.entrySet()) {
                    if (!java.util.Arrays.equals(e.getValue(), after.get(e.getKey()))) {
                        failures.add(c.name() + ": " + e.getKey() + " rewritten");
                    }
                }
            }
            System.out.println(c.name() + " -> " + abbreviate(msg));
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(10, cases.size());
    }

    /** Cuts each log to its committed length in state.json (lines after the last commit). */
    private static void dropUncommittedTails(Path run) throws Exception {
        JsonNode files = JSON.readTree(run.resolve(RunDirectory.STATE).toFile()).get("files");
        for (var it = files.fields(); it.hasNext(); ) {
            var e = it.next();
            byte[] b = Files.readAllBytes(run.resolve(e.getKey()));
            Files.write(
                    run.resolve(e.getKey()),
                    java.util.Arrays.copyOf(b, (int) e.getValue().asLong()));
        }
    }

    private static String abbreviate(String s) {
        String one = s.strip().replace('\n', ' ');
        return one.length() < 400 ? one : one.substring(0, 400) + "…";
    }

    private static String diff(TreeMap<String, byte[]> a, TreeMap<String, byte[]> b) {
        List<String> d = new ArrayList<>();
        a.keySet().stream().filter(k -> !b.containsKey(k)).forEach(k -> d.add("-" + k));
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(k -> d.add("+" + k));
        return d.toString();
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    /** Keeps the first half of the file, as a write cut short would. */
    private static void halve(Path f) {
        try {
            byte[] b = Files.readAllBytes(f);
            Files.write(f, java.util.Arrays.copyOf(b, b.length / 2));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void replace(Path f, String from, String to) {
        try {
            String s = Files.readString(f);
            assertTrue(s.contains(from), f + " has no " + from);
            Files.writeString(f, s.replaceFirst(java.util.regex.Pattern.quote(from), to));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void write(Path f, String text) {
        try {
            Files.writeString(f, text, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
