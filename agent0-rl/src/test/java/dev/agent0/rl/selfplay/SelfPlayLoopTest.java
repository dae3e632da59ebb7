package dev.agent0.rl.selfplay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.agent0.core.agent.PromptFormat;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.tokenize.HfTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop on a random fixture-shaped model with the real Qwen3 tokenizer and scripted
 * generation (so curation keeps a known problem): run folder contents, p̂ from curation to the
 * executor step, and crash + resume = uninterrupted run, bit for bit.
 */
class SelfPlayLoopTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HfTokenizer tokenizer;
    private static Path tokenizerDir;
    private static int eos;

    @TempDir Path tmp;

    @BeforeAll
    static void load() {
        tokenizerDir = Qwen3TestTokenizer.dir();
        tokenizer = Qwen3TestTokenizer.load();
        eos = Qwen3TestTokenizer.endOfTurn(tokenizer);
    }

    @AfterAll
    static void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    private static SelfPlayConfig config() {
        return SelfPlayConfig.fromTree(configTree());
    }

    private static ObjectNode configTree() {
        try {
            return (ObjectNode)
                    new ObjectMapper(new YAMLFactory())
                            .readTree(
                                    """
                                    iterations: 1
                                    models: {curriculum: random, executor: random}
                                    curriculum:
                                      steps: 2
                                      batchSize: 4
                                      groupSize: 4
                                      k: 4
                                      generation: {maxNewTokens: 40}
                                      trainer:
                                        schedule: {peakLr: 1.0e-3}
                                        loss: {klCoef: 0.0, klLogRatioClamp: 5}
                                    curation: {problems: 4, k: 4}
                                    executor:
                                      steps: 2
                                      problemsPerStep: 1
                                      rollout: {groupSize: 4, multiTurn: false, responseBudget: 40, maxToolCalls: 2,
                                                observationTokens: 64}
                                      trainer:
                                        schedule: {peakLr: 1.0e-3, warmupSteps: 0}
                                        loss: {klCoef: 0.01, klLogRatioClamp: 5}
                                    """);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static SelfPlayWorld world(AtomicInteger starts, int failAt) {
        return world(starts, failAt, null);
    }

    private static SelfPlayWorld world(
            AtomicInteger starts, int failAt, IterationEvaluator evaluator) {
        PromptFormat format =
                (sys, user) ->
                        "<|im_start|>system\n"
                                + sys
                                + "<|im_end|>\n<|im_start|>user\n"
                                + user
                                + "<|im_end|>\n<|im_start|>assistant\n";
        return new SelfPlayWorld(
                tokenizer,
                tokenizerDir,
                format,
                format,
                List.of(eos),
                null,
                m -> ScriptedTurns.factory(tokenizer, eos, starts, failAt),
                evaluator);
    }

    private static int run(Path dir, int failAt) {
        SelfPlayConfig c = config();
        return new SelfPlayLoop(
                        c, world(new AtomicInteger(), failAt), RunDirectory.open(dir, c.toTree()))
                .run();
    }

    /**
     * An evaluator that records what it saw: the iteration, whether any executor parameter required
     * a gradient, and this thread's grad mode; it returns {"probe": iteration · 10}.
     */
    private static IterationEvaluator recording(List<String> seen) {
        return (t, executor) -> {
            boolean trainable =
                    executor.parameters().values().stream().anyMatch(NDArray::hasGradient);
            seen.add(t + ":" + trainable + ":" + JniUtils.isGradMode());
            return JSON.createObjectNode().put("probe", t * 10);
        };
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

    @Test
    void anEvaluatorThatSkipsAnIterationLeavesNoLineForIt() throws Exception {
        Path dir = tmp.resolve("skipping");
        SelfPlayConfig c = config();
        List<String> seen = new ArrayList<>();
        IterationEvaluator record = recording(seen);
        IterationEvaluator afterTraining =
                new IterationEvaluator() {
                    @Override
                    public ObjectNode evaluate(int t, QwenModel executor) {
                        return record.evaluate(t, executor);
                    }

                    @Override
                    public boolean evaluates(int t) {
                        return t > 0;
                    }
                };
        new SelfPlayLoop(
                        c,
                        world(new AtomicInteger(), 0, afterTraining),
                        RunDirectory.open(dir, c.toTree()))
                .run();
        assertEquals(List.of("1:false:false"), seen);
        List<JsonNode> evals = lines(dir.resolve(RunLog.EVAL));
        assertEquals(1, evals.size());
        assertEquals(1, evals.get(0).get("iteration").asInt());
    }

    @Test
    void runFolderHoldsEveryArtifactAndPHatReachesTheExecutorStep() throws Exception {
        Path dir = tmp.resolve("run");
        SelfPlayConfig c = config();
        List<String> seen = new ArrayList<>();
        // A crash at the first generation: the iteration-0 evaluation is committed before it.
        assertThrows(
                IllegalStateException.class,
                () ->
                        new SelfPlayLoop(
                                        c,
                                        world(new AtomicInteger(), 1, recording(seen)),
                                        RunDirectory.open(dir, c.toTree()))
                                .run());
        assertEquals(List.of("0:false:false"), seen);
        // 2 curriculum steps, curation, 2 executor steps; the resumed run does not evaluate 0
        // again.
        assertEquals(
                5,
                new SelfPlayLoop(
                                c,
                                world(new AtomicInteger(), 0, recording(seen)),
                                RunDirectory.open(dir, c.toTree()))
                        .run());
        assertEquals(
                List.of("0:false:false", "1:false:false"),
                seen); // frozen and no grad mode while measured
        List<JsonNode> evals = lines(dir.resolve(RunLog.EVAL));
        assertEquals(2, evals.size());
        for (int t = 0; t < 2; t++) {
            assertEquals(t, evals.get(t).get("iteration").asInt());
            assertEquals(10 * t, evals.get(t).get("probe").asInt());
        }
        assertTrue(Files.readString(dir.resolve(RunLog.EVAL)).contains("\"seconds\""));
        assertTrue(Files.isRegularFile(dir.resolve(RunDirectory.CONFIG)));
        for (String agent : List.of("curriculum", "executor")) {
            assertTrue(
                    Files.isRegularFile(
                            dir.resolve("checkpoints/iter-1")
                                    .resolve(agent)
                                    .resolve("model.safetensors")),
                    agent);
            assertTrue(
                    Files.isRegularFile(
                            dir.resolve("checkpoints/iter-1")
                                    .resolve(agent)
                                    .resolve("tokenizer.json")),
                    agent);
        }
        List<JsonNode> questions = lines(dir.resolve(RunLog.QUESTIONS));
        assertEquals(2 * 4 + 4, questions.size());
        JsonNode q0 =
                questions.get(0); // curriculum sample 0 asks Q_MID: executor answers 5, 6, 5, 7
        assertEquals(ScriptedTurns.Q_MID, q0.get("question").asText());
        assertEquals(0.5, q0.get("pHat").asDouble(), 0.0);
        assertEquals(1.0, questions.get(1).get("pHat").asDouble(), 0.0);
        // R_C = 1·max(0, (1 − 2|p̂ − .5|) − 1/2) with two clusters of 2 among B = 4 (R_rep = 2/4).
        assertEquals(0.5, q0.get("reward").get("total").asDouble(), 1e-12);
        assertEquals(0.0, questions.get(1).get("reward").get("total").asDouble(), 1e-12);

        List<JsonNode> curated = lines(dir.resolve(RunLog.CURATED));
        assertEquals(2, curated.size()); // the two Q_MID problems; Q_EASY is too easy (p̂ = 1)
        for (JsonNode p : curated) {
            assertEquals(ScriptedTurns.Q_MID, p.get("question").asText());
            assertEquals("5", p.get("pseudoLabel").asText());
            assertEquals(0.5, p.get("pHat").asDouble(), 0.0);
            assertEquals("KEPT", p.get("verdict").asText());
        }
        List<JsonNode> metrics = lines(dir.resolve(RunLog.METRICS));
        assertEquals(6, metrics.size());
        assertEquals(
                List.of("curriculum", "curriculum", "curation", "executor", "executor", "monitors"),
                metrics.stream().map(m -> m.get("phase").asText()).toList());
        assertEquals(2, metrics.get(2).get("kept").asInt());
        // Monitors: 2 of 4 kept; Q_MID answers 5,6,5,7 (3 distinct), Q_EASY 9,9,9,9 (1): mean 2;
        // the
        // single-turn script never answers empty nor calls the tool; no executor loss near 10.
        JsonNode mon = metrics.get(5);
        assertEquals(0.5, mon.get("keptFraction").asDouble(), 0.0);
        assertEquals(2.0, mon.get("distinctAnswersMean").asDouble(), 0.0);
        assertEquals(0.0, mon.get("noAnswerRate").asDouble(), 0.0);
        assertEquals(0.0, mon.get("toolCallRate").asDouble(), 0.0);
        assertEquals(16, mon.get("trajectories").asInt());
        assertEquals(2, mon.get("executorSteps").asInt());
        assertEquals(0, mon.get("lossSpikes").asInt());
        for (JsonNode m : metrics.subList(3, 5)) {
            // p̂ of the executor's batch is curation's, unchanged; answers 5, 6, 5, 7 vs ỹ = 5.
            assertEquals(
                    curated.get(0).get("pHat").asDouble(), m.get("pHat").get(0).asDouble(), 0.0);
            assertEquals(0.5, m.get("rewardMean").asDouble(), 0.0);
            assertEquals(0, m.get("skippedUpdates").asInt());
            // ADPO saw curation's p̂: rewards {1,0,1,0} give Â = 0.5/sqrt(1/3) (unbiased std),
            // scaled by s(0.5) = 0.6 + 0.4·(0.5 − 0.3)/0.5 = 0.76.
            assertEquals(0.76 * 0.5 / Math.sqrt(1.0 / 3), m.get("advantageMax").asDouble(), 1e-5);
        }
        assertTrue(
                metrics.get(0).get("gradNorm").asDouble() > 0, "curriculum step had no gradient");
        // only the committed unit checkpoints remain, beside the iteration's
        try (var l = Files.list(dir.resolve("checkpoints"))) {
            assertEquals(
                    List.of("curriculum-u1", "executor-u4", "iter-1"),
                    l.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void earlyStopEndsTheRunAfterCurationAndAResumedRunStaysStopped() throws Exception {
        ObjectNode o = configTree();
        ((ObjectNode) o.get("curriculum"))
                .put("train", false); // cheaper: curation is the first unit
        o.putObject("monitors")
                .put("earlyStop", true)
                .put("minKeptFraction", 0.6); // curation keeps 2 of 4
        SelfPlayConfig c = SelfPlayConfig.fromTree(o);
        Path dir = tmp.resolve("stopped");
        List<String> seen = new ArrayList<>();
        assertEquals(
                1,
                new SelfPlayLoop(
                                c,
                                world(new AtomicInteger(), 0, recording(seen)),
                                RunDirectory.open(dir, c.toTree()))
                        .run());
        List<JsonNode> metrics = lines(dir.resolve(RunLog.METRICS));
        assertEquals(
                List.of("curation", "monitors", "early-stop"),
                metrics.stream().map(m -> m.get("phase").asText()).toList());
        assertTrue(
                metrics.get(2).get("reason").asText().contains("minKeptFraction"),
                metrics.get(2).toString());
        assertEquals(0.5, metrics.get(2).get("keptFraction").asDouble(), 0.0);
        assertFalse(
                Files.exists(dir.resolve("checkpoints/iter-1")),
                "a stopped iteration saves no checkpoints");
        // Resumed: nothing runs, nothing is appended, no generation starts.
        AtomicInteger starts = new AtomicInteger();
        assertEquals(
                1,
                new SelfPlayLoop(
                                c,
                                world(starts, 0, recording(seen)),
                                RunDirectory.open(dir, c.toTree()))
                        .run());
        assertEquals(0, starts.get());
        assertEquals(metrics, lines(dir.resolve(RunLog.METRICS)));
        assertEquals(List.of("0:false:false"), seen);
    }

    @Test
    @Tag("slow") // four loop runs, about 100 s on 2 cores
    void crashAndResumeGivesTheUninterruptedResult() throws Exception {
        Path straight = tmp.resolve("straight");
        run(straight, 0);
        // Generations (factory starts): curriculum steps 2 each (sample + frozen executor),
        // curation 2,
        // executor steps 1 each. failAt 3 crashes inside curriculum step 2 (unit 1, after unit 0
        // committed); the resumed run starts at unit 1, whose 3rd start is inside curation (unit
        // 2).
        Path crashed = tmp.resolve("crashed");
        assertThrows(IllegalStateException.class, () -> run(crashed, 3));
        assertThrows(
                IllegalStateException.class,
                () -> run(crashed, 3)); // crashes again, one unit later
        assertEquals(5, run(crashed, 0));
        for (String f : List.of(RunLog.QUESTIONS, RunLog.CURATED, RunLog.METRICS)) {
            assertEquals(lines(straight.resolve(f)), lines(crashed.resolve(f)), f);
        }
        for (String agent : List.of("curriculum", "executor")) {
            Path a =
                    straight.resolve("checkpoints/iter-1")
                            .resolve(agent)
                            .resolve("model.safetensors");
            Path b =
                    crashed.resolve("checkpoints/iter-1")
                            .resolve(agent)
                            .resolve("model.safetensors");
            assertArrayEquals(
                    Files.readAllBytes(a),
                    Files.readAllBytes(b),
                    agent + " weights differ after resume");
        }
    }

    @Test
    @Tag("slow") // one more loop run, about 30 s
    void ablationsUntrainedCurriculumAndGrpoReachTheLoop() throws Exception {
        ObjectNode o = configTree();
        ((ObjectNode) o.get("curriculum")).put("train", false);
        ((ObjectNode) o.get("executor").get("trainer")).put("estimator", "GRPO");
        SelfPlayConfig c = SelfPlayConfig.fromTree(o);
        Path dir = tmp.resolve("ablation");
        assertEquals(
                3,
                new SelfPlayLoop(
                                c,
                                world(new AtomicInteger(), 0),
                                RunDirectory.open(dir, c.toTree()))
                        .run());
        List<JsonNode> metrics = lines(dir.resolve(RunLog.METRICS));
        assertEquals(
                List.of("curation", "executor", "executor", "monitors"),
                metrics.stream().map(m -> m.get("phase").asText()).toList());
        // GRPO: the same rewards, no s(p̂) scaling.
        assertEquals(0.5 / Math.sqrt(1.0 / 3), metrics.get(1).get("advantageMax").asDouble(), 1e-5);
        assertEquals(4, lines(dir.resolve(RunLog.QUESTIONS)).size());
    }

    private static int run(Path dir) {
        return run(dir, 0);
    }
}
