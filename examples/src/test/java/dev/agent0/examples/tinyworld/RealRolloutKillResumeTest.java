package dev.agent0.examples.tinyworld;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} in the middle of a multi-turn tool rollout with the real sampler and the real
 * sandbox: child JVMs run {@code agent0 train} on the shipped tiny world (2 iterations, one step
 * per phase, the executor calling Python). One child is killed shortly after curation commits,
 * while the executor's tool rollouts run; the resumed child is killed again in the next iteration;
 * a third finishes. Checkpoints and logs must equal those of an uninterrupted child byte for byte
 * (minus wall-clock fields).
 */
@Tag("slow") // four child runs of the tiny world, about a minute on 2 cores
class RealRolloutKillResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Units per iteration: one curriculum step, curation, one executor step. */
    private static final int UNITS = 6;

    @TempDir Path tmp;

    @Test
    void killedDuringToolRolloutsAndResumedEndsByteIdentical() throws Exception {
        RunFolders.assumeShippedBaseAndSandbox();
        long start = System.nanoTime();
        Path config = tmp.resolve("two-iterations.yaml");
        Files.writeString(
                config,
                Files.readString(Path.of("..", "configs", "tiny-smoke.yaml"))
                        .replace("iterations: 1", "iterations: 2"));
        Path straight = tmp.resolve("straight");
        Path killed = tmp.resolve("killed");
        assertEquals(0, finish(child(straight, config), straight));
        // 1. Curation of iteration 1 committed (unit 2): the executor's tool rollouts are running.
        int first = killAfter(child(killed, config), killed, 2, 300);
        // 2. Resumed; killed again once iteration 2's curation is committed. Soon after: on an idle
        //    machine the last unit (the executor step) can finish within 300 ms, and a child that
        //    finished the run was not killed at all.
        int second = killAfter(child(killed, config), killed, 5, 20);
        assertTrue(first >= 2 && second >= 5 && second < UNITS, first + ", " + second);
        // 3. The third child finishes the run.
        assertEquals(0, finish(child(killed, config), killed));

        for (String agent : List.of("curriculum", "executor")) {
            assertSameFiles(
                    straight.resolve("checkpoints/iter-2").resolve(agent),
                    killed.resolve("checkpoints/iter-2").resolve(agent));
        }
        for (String log : List.of("questions.jsonl", "curated.jsonl", "metrics.jsonl")) {
            assertEquals(
                    RunFolders.logLines(straight.resolve(log)),
                    RunFolders.logLines(killed.resolve(log)),
                    log);
        }
        long toolTurns =
                RunFolders.logLines(killed.resolve("metrics.jsonl")).stream()
                        .filter(m -> m.has("monitors"))
                        .filter(m -> m.at("/monitors/toolCallRate").asDouble() > 0)
                        .count();
        assertTrue(toolTurns > 0, "the executor never called the tool: nothing multi-turn ran");
        System.out.printf(
                "kill -9 in tool rollouts: kills after units %d and %d, %.1f s%n",
                first, second, (System.nanoTime() - start) / 1e9);
    }

    private Process child(Path out, Path config) throws Exception {
        Files.createDirectories(tmp.resolve("logs"));
        Path log =
                tmp.resolve("logs").resolve(out.getFileName() + "-" + System.nanoTime() + ".log");
        return RunFolders.train(out, config, log, 0);
    }

    /**
     * Waits until {@code dir} has committed {@code units} units, lets the next unit run for {@code
     * delayMillis}, then kills -9; returns the units done.
     */
    private static int killAfter(Process p, Path dir, int units, long delayMillis)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (RunFolders.committed(dir) < units) {
            assertTrue(p.isAlive(), "the child ended before unit " + units + " was committed");
            assertTrue(System.nanoTime() < deadline, "no commit of unit " + units + " in 120 s");
            Thread.sleep(5);
        }
        Thread.sleep(delayMillis);
        p.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no finally block runs
        return RunFolders.committed(dir);
    }

    private static int finish(Process p, Path dir) throws Exception {
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child in " + dir + " did not finish");
        return p.exitValue();
    }

    private static void assertSameFiles(Path a, Path b) throws Exception {
        TreeMap<String, byte[]> fa = RunFolders.files(a);
        TreeMap<String, byte[]> fb = RunFolders.files(b);
        assertEquals(fa.keySet(), fb.keySet(), a + " vs " + b);
        assertTrue(fa.containsKey("model.safetensors"), fa.keySet().toString());
        for (String f : fa.keySet()) {
            assertArrayEquals(fa.get(f), fb.get(f), f + " differs after kill -9 and resume");
        }
    }
}
