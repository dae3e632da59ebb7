package dev.agent0.examples.tinyworld;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent0.rl.selfplay.RunDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint write that fails at the operating system: a child {@code agent0 train} resumes a
 * LoRA tiny-world run (single-turn, so no sandbox runs under the cap) under {@code ulimit -f}
 * (files capped at 500 KiB, so the adapter's 316 KB fits and its 634 KB optimizer state fails with
 * EFBIG, as a full disk fails a write). The run must stop with an error naming what it could not
 * write, leave the previous checkpoint and the committed state untouched and no temporary folder
 * behind; once the limit is gone the same command resumes and ends byte-identical to an
 * uninterrupted run.
 */
@Tag("slow") // four child runs, about 40 s on 2 cores
class CheckpointWriteFailureTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    @Test
    void failedCheckpointWriteLeavesThePreviousStateAndTheRunResumes() throws Exception {
        RunFolders.assumeShippedBaseAndSandbox();
        Path config = tmp.resolve("lora-two-iterations.yaml");
        Files.writeString(
                config,
                Files.readString(Path.of("..", "configs", "tiny-smoke-lora.yaml"))
                        .replace("iterations: 1", "iterations: 2")
                        // No tool calls: the file-size cap would also fail the sandbox's Python
                        // and change the rollouts; the write failure is what is under test.
                        .replace("multiTurn: true", "multiTurn: false"));
        Path straight = tmp.resolve("straight");
        Path run = tmp.resolve("run");
        assertEquals(0, waitFor(child(straight, config, 0), 300));

        // 1. The run commits its first unit (the curriculum step and its checkpoint), then dies.
        Process first = child(run, config, 0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (RunFolders.committed(run) < 1) {
            assertTrue(first.isAlive() && System.nanoTime() < deadline, "no first commit");
            Thread.sleep(5);
        }
        first.destroyForcibly().waitFor();
        JsonNode stateBefore = state(run);
        TreeMap<String, byte[]> before = RunFolders.files(run.resolve("checkpoints"));

        // 2. Resumed with files capped at 500 KiB: the next checkpoint's optimizer state fails.
        Path log = tmp.resolve("capped.log");
        Process capped = child(run, config, 500);
        capped.waitFor(300, TimeUnit.SECONDS);
        String out = Files.readString(log.resolveSibling("run-500.log"));
        assertTrue(out.contains("File too large"), out);
        System.out.println("capped child's error: " + lastLines(out, 4));
        assertTrue(out.contains("optimizer.safetensors") || out.contains("checkpoints"), out);
        // What was committed is untouched; no temporary folder is left.
        TreeMap<String, byte[]> after = RunFolders.files(run.resolve("checkpoints"));
        for (String f : before.keySet()) {
            assertArrayEquals(before.get(f), after.get(f), f + " changed by the failed write");
        }
        assertTrue(
                after.keySet().stream().noneMatch(f -> f.contains(".tmp-")),
                "temporary files left: " + after.keySet());
        assertTrue(RunFolders.committed(run) >= stateBefore.get("done").asInt());

        // 3. Space is back: the same command resumes and finishes like the uninterrupted run.
        assertEquals(0, waitFor(child(run, config, 0), 300));
        for (String agent : List.of("curriculum", "executor")) {
            TreeMap<String, byte[]> a =
                    RunFolders.files(straight.resolve("checkpoints/iter-2").resolve(agent));
            TreeMap<String, byte[]> b =
                    RunFolders.files(run.resolve("checkpoints/iter-2").resolve(agent));
            assertEquals(a.keySet(), b.keySet());
            for (String f : a.keySet()) {
                // adapter_config.json names the base by its path inside each run folder.
                String x = new String(a.get(f), StandardCharsets.ISO_8859_1);
                String y = new String(b.get(f), StandardCharsets.ISO_8859_1);
                assertEquals(
                        x.replace(straight.toString(), "RUN"),
                        y.replace(run.toString(), "RUN"),
                        agent + "/" + f);
            }
        }
        for (String f : List.of("questions.jsonl", "curated.jsonl", "metrics.jsonl")) {
            assertEquals(
                    RunFolders.logLines(straight.resolve(f)),
                    RunFolders.logLines(run.resolve(f)),
                    f);
        }
    }

    /** {@code agent0 train} in a child JVM; files capped at {@code capKiB} KiB unless 0. */
    private Process child(Path out, Path config, int capKiB) throws Exception {
        return RunFolders.train(
                out, config, tmp.resolve(out.getFileName() + "-" + capKiB + ".log"), capKiB);
    }

    private static String lastLines(String text, int n) {
        List<String> l =
                text.lines().filter(x -> !x.isBlank() && !x.strip().startsWith("at ")).toList();
        return String.join("\n", l.subList(Math.max(0, l.size() - n), l.size()));
    }

    private static int waitFor(Process p, int seconds) throws Exception {
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "child did not finish");
        return p.exitValue();
    }

    private static JsonNode state(Path dir) throws Exception {
        return JSON.readTree(dir.resolve(RunDirectory.STATE).toFile()).get("state");
    }
}
