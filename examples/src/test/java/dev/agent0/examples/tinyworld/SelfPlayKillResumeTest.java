package dev.agent0.examples.tinyworld;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.agent.TurnGenerator;
import dev.agent0.core.generate.GenerationResult;
import dev.agent0.core.generate.StopReason;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.core.tokenize.HfTokenizer;
import dev.agent0.rl.selfplay.IterationEvaluator;
import dev.agent0.rl.selfplay.RunDirectory;
import dev.agent0.rl.selfplay.SelfPlayConfig;
import dev.agent0.rl.selfplay.SelfPlayLoop;
import dev.agent0.rl.selfplay.SelfPlayWorld;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code kill -9} of a self-play run: child JVMs (this classpath, java from java.home,
 * offline) run a tiny loop on the tiny-world tokenizer with random fixture-shaped models and
 * scripted turns; one child is killed with {@code destroyForcibly()} after its first commit, a
 * second (resuming it) is killed again later, a third finishes. The final checkpoints must be
 * byte-identical to those of an uninterrupted child in another folder, and every log line (minus
 * wall-clock fields) identical, each evaluation present exactly once.
 */
class SelfPlayKillResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Units of the child's run: 2 iterations × (2 curriculum steps + curation + 2 executor steps).
     */
    private static final int UNITS = 10;

    private static final String Q_MID = "2+3";
    private static final String Q_EASY = "4+5";

    /** Executor answers to Q_MID by row mod 4 (p̂ = 0.5, ỹ = 5); Q_EASY is always 9 (p̂ = 1). */
    private static final String[] MID_ANSWERS = {"5", "6", "5", "7"};

    @TempDir Path tmp;

    @Test
    void killedAndResumedRunEndsByteIdenticalToAnUninterruptedOne() throws Exception {
        long start = System.nanoTime();
        Path tok = tmp.resolve("tokenizer");
        TinyWorldModel.writeTokenizer(tok);
        Path straight = tmp.resolve("straight");
        Path killed = tmp.resolve("killed");
        Process reference = child(straight, tok);
        // 1. Kill after the first committed unit, then 2. kill the resumed child a few units later.
        int first = killAfter(child(killed, tok), killed, 1);
        int second = killAfter(child(killed, tok), killed, first + 3);
        assertTrue(
                first >= 1 && second > first && second < UNITS,
                "kills at units " + first + ", " + second);
        // 3. The third child finishes the run.
        assertEquals(0, finish(child(killed, tok), killed));
        assertEquals(0, finish(reference, straight));
        assertEquals(UNITS, state(killed).get("done").asInt());

        for (String agent : List.of("curriculum", "executor")) {
            assertSameFiles(
                    straight.resolve("checkpoints/iter-2").resolve(agent),
                    killed.resolve("checkpoints/iter-2").resolve(agent));
        }
        for (String log :
                List.of("questions.jsonl", "curated.jsonl", "metrics.jsonl", "eval.jsonl")) {
            assertEquals(lines(straight.resolve(log)), lines(killed.resolve(log)), log);
        }
        List<JsonNode> evals = lines(killed.resolve("eval.jsonl"));
        assertEquals(
                List.of(0, 1, 2), evals.stream().map(e -> e.get("iteration").asInt()).toList());
        assertTrue(
                evals.get(2).get("embedSum").asDouble() != evals.get(0).get("embedSum").asDouble(),
                "the executor did not change: the comparison would prove nothing");
        System.out.printf(
                "kill -9 test: kills after units %d and %d, %.1f s%n",
                first, second, (System.nanoTime() - start) / 1e9);
    }

    // ---- the parent side -----------------------------------------------------------------------

    private Process child(Path out, Path tok) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp =
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"));
        Files.createDirectories(tmp.resolve("logs"));
        File log =
                tmp.resolve("logs")
                        .resolve(out.getFileName() + "-" + System.nanoTime() + ".log")
                        .toFile();
        ProcessBuilder pb =
                new ProcessBuilder(
                        java,
                        "-Xmx512m",
                        "-Dai.djl.offline=true",
                        "-DOPT_OUT_TRACKING=true",
                        "-Dai.djl.pytorch.num_threads=1",
                        "-Dai.djl.pytorch.num_interop_threads=1",
                        "-Dagent0.progress=false",
                        "-cp",
                        cp,
                        Child.class.getName(),
                        out.toString(),
                        tok.toString());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().put("DJL_OFFLINE", "true");
        return pb.redirectErrorStream(true).redirectOutput(log).start();
    }

    /**
     * Waits until {@code dir} has committed at least {@code units} units, then kills -9; returns
     * units done.
     */
    private static int killAfter(Process p, Path dir, int units) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (committed(dir) < units) {
            assertTrue(p.isAlive(), "the child ended before unit " + units + " was committed");
            assertTrue(System.nanoTime() < deadline, "no commit of unit " + units + " within 60 s");
            Thread.sleep(5);
        }
        p.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no finally block runs
        return committed(dir);
    }

    private static int finish(Process p, Path dir) throws Exception {
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child in " + dir + " did not finish");
        return p.exitValue();
    }

    private static int committed(Path dir) {
        try {
            return Files.isRegularFile(dir.resolve(RunDirectory.STATE))
                    ? state(dir).get("done").asInt()
                    : 0;
        } catch (Exception e) {
            return 0; // written atomically, but a read may race the rename on some file systems
        }
    }

    private static JsonNode state(Path dir) throws Exception {
        return JSON.readTree(dir.resolve(RunDirectory.STATE).toFile()).get("state");
    }

    private static void assertSameFiles(Path a, Path b) throws Exception {
        TreeMap<String, byte[]> fa = files(a);
        TreeMap<String, byte[]> fb = files(b);
        assertEquals(fa.keySet(), fb.keySet(), a + " vs " + b);
        assertTrue(
                fa.containsKey("model.safetensors") && fa.containsKey("optimizer.safetensors"),
                fa.keySet().toString());
        for (String f : fa.keySet()) {
            assertArrayEquals(fa.get(f), fb.get(f), f + " differs after kill -9 and resume");
        }
    }

    private static TreeMap<String, byte[]> files(Path root) throws Exception {
        TreeMap<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static List<JsonNode> lines(Path f) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(f)) {
            ObjectNode n = (ObjectNode) JSON.readTree(l);
            n.remove(
                    List.of("seconds", "tokensPerSecond")); // wall-clock fields differ between runs
            out.add(n);
        }
        return out;
    }

    // ---- the child side ------------------------------------------------------------------------

    /**
     * The child JVM: runs (or resumes) the tiny loop in {@code args[0]} with the tokenizer in
     * {@code args[1]}.
     */
    public static final class Child {
        private Child() {}

        public static void main(String[] args) {
            Path out = Path.of(args[0]);
            Path tokDir = Path.of(args[1]);
            Agent0Runtime.init(RuntimeOptions.defaults().withThreads(1, 1));
            ObjectNode o = JSON.createObjectNode();
            o.put("iterations", 2);
            o.putObject("models")
                    .put("tokenizer", tokDir.toString())
                    .put("curriculum", "random")
                    .put("executor", "random");
            ObjectNode curriculum =
                    o.putObject("curriculum")
                            .put("steps", 2)
                            .put("batchSize", 4)
                            .put("groupSize", 4)
                            .put("k", 4);
            curriculum.putObject("generation").put("maxNewTokens", 48);
            curriculum.putObject("trainer").putObject("schedule").put("peakLr", 1e-3);
            o.putObject("curation").put("problems", 4).put("k", 4);
            ObjectNode executor = o.putObject("executor").put("steps", 2).put("problemsPerStep", 2);
            executor.putObject("rollout")
                    .put("groupSize", 4)
                    .put("multiTurn", false)
                    .put("responseBudget", 48)
                    .put("maxToolCalls", 2)
                    .put("observationTokens", 64);
            ObjectNode trainer = executor.putObject("trainer").put("miniBatches", 2);
            trainer.putObject("schedule").put("peakLr", 1e-3).put("warmupSteps", 1);
            SelfPlayConfig config = SelfPlayConfig.fromTree(o);
            try (HfTokenizer tok = HfTokenizer.load(tokDir)) {
                int eos = TinyWorldModel.eosTokenId();
                SelfPlayWorld world =
                        new SelfPlayWorld(
                                tok,
                                tokDir,
                                TinyWorldFormat.EXECUTOR,
                                TinyWorldFormat.CURRICULUM,
                                List.of(eos),
                                null,
                                m -> scripted(tok, eos),
                                embedSum());
                new SelfPlayLoop(config, world, RunDirectory.open(out, config.toTree())).run();
            }
            System.exit(0);
        }

        /** A measurement that depends on every executor update: the sum of the embedding matrix. */
        private static IterationEvaluator embedSum() {
            return (t, executor) -> {
                try (NDArray s = executor.parameters().get("model.embed_tokens.weight").sum()) {
                    return JSON.createObjectNode().put("embedSum", s.getFloat());
                }
            };
        }

        /**
         * Single-turn script: the curriculum asks Q_MID or Q_EASY by row, the executor answers by
         * row.
         */
        private static TurnGenerator.Factory scripted(HfTokenizer tok, int eos) {
            return (prompts, config, capacity) ->
                    new TurnGenerator() {
                        @Override
                        public List<GenerationResult> generate() {
                            List<GenerationResult> out = new ArrayList<>();
                            for (int r = 0; r < prompts.size(); r++) {
                                String prompt = tok.decode(prompts.get(r));
                                String text;
                                if (prompt.contains("Q: " + Q_MID)) {
                                    text = "\\boxed{" + MID_ANSWERS[r % 4] + "}";
                                } else if (prompt.contains("Q: " + Q_EASY)) {
                                    text = "\\boxed{9}";
                                } else {
                                    text =
                                            r % 2 == 0
                                                    ? "<question>" + Q_MID + "</question>\\boxed{5}"
                                                    : "<question>"
                                                            + Q_EASY
                                                            + "</question>\\boxed{9}";
                                }
                                int[] body = tok.encode(text);
                                int[] ids = Arrays.copyOf(body, body.length + 1);
                                ids[body.length] = eos;
                                float[] lp = new float[ids.length];
                                Arrays.fill(lp, -1f - 0.01f * r);
                                out.add(
                                        new GenerationResult(
                                                ids, lp, lp.clone(), text, StopReason.EOS));
                            }
                            return out;
                        }

                        @Override
                        public void append(int seq, int[] ids) {
                            throw new UnsupportedOperationException("single-turn script");
                        }

                        @Override
                        public int[] tokens(int seq) {
                            return prompts.get(seq);
                        }

                        @Override
                        public void close() {}
                    };
        }
    }
}
