package dev.agent0.rl.selfplay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.agent0.core.agent.PromptFormat;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.tokenize.HfTokenizer;
import dev.agent0.rl.train.PolicyTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * monitors.maxSkippedUpdatesInARow on the whole loop (SelfPlayLoopTest's setup: random
 * fixture-shaped models, the real Qwen3 tokenizer, scripted single-turn generation). The curriculum
 * is not trained, so a run is curation (unit 0) then executor steps 0..4 (units 1..5), one
 * optimiser update each. Executor step 0 trains; from step 1 on every update is made non-finite,
 * either in the loss (a learning rate so large that step 0's update leaves weights whose forward
 * overflows) or in a gradient (∞ planted in one parameter's gradient before the trainer's backward,
 * so the loss stays finite and the gradient norm is ∞). With a limit of 3 the run stops after
 * executor step 3, on the checkpoint of step 0's weights.
 *
 * <p>{@code aStreakCountsTheSameAcrossKillsAsInAnUninterruptedRun} (slow) kills a run twice, once
 * inside the streak, and finds the uninterrupted run's lines, state and checkpoint bytes.
 *
 * <p>Generation starts of a fresh run: 1 curation's curriculum sample, 2 curation's executor
 * answers, 3 executor step 0, 4 executor step 1, …; a run resumed after unit u starts at executor
 * step u.
 */
class NonFiniteStreakTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIMIT = 3;

    /** Every checkpoint file whose bytes a skipped step leaves as they were. */
    private static final List<String> UNCHANGED_BY_A_SKIP =
            List.of("config.json", "model.safetensors", "optimizer.safetensors");

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

    /** The run's config: executor steps of one update each, the given limit and learning rate. */
    private static SelfPlayConfig config(int limit, double executorPeakLr) {
        try {
            ObjectNode o =
                    (ObjectNode)
                            new ObjectMapper(new YAMLFactory())
                                    .readTree(
                                            """
                                            iterations: 1
                                            models: {curriculum: random, executor: random}
                                            curriculum:
                                              steps: 1
                                              batchSize: 4
                                              groupSize: 4
                                              k: 4
                                              train: false
                                              generation: {maxNewTokens: 40}
                                            curation: {problems: 4, k: 4}
                                            executor:
                                              steps: 5
                                              problemsPerStep: 1
                                              rollout: {groupSize: 4, multiTurn: false, responseBudget: 40,
                                                        maxToolCalls: 2, observationTokens: 64}
                                              trainer:
                                                miniBatches: 1
                                                schedule: {warmupSteps: 0}
                                                loss: {klCoef: 0.01, klLogRatioClamp: 5}
                                            """);
            ObjectNode trainer = (ObjectNode) o.get("executor").get("trainer");
            ((ObjectNode) trainer.get("schedule")).put("peakLr", executorPeakLr);
            o.putObject("monitors").put("maxSkippedUpdatesInARow", limit);
            return SelfPlayConfig.fromTree(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Scripted generation; from the {@code poisonFrom}-th generation start on (1-based; 0 = never)
     * the executor's policy gets ∞ planted in a gradient, and the {@code failAt}-th start throws
     * like a crash.
     */
    private static SelfPlayWorld world(AtomicInteger starts, int failAt, int poisonFrom) {
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
                model -> {
                    var scripted = ScriptedTurns.factory(tokenizer, eos, starts, failAt);
                    return (prompts, config, capacity) -> {
                        var turns = scripted.start(prompts, config, capacity);
                        if (poisonFrom > 0 && starts.get() >= poisonFrom) {
                            plantInfiniteGradient(model);
                        }
                        return turns;
                    };
                },
                null);
    }

    /**
     * Adds ∞ to the gradient of the policy's final norm weight, as an overflow in backward would:
     * the trainer's next backward accumulates onto it (gradients are zeroed after an update, not
     * before), so its loss is finite and its global gradient norm is ∞. A test-only injection; it
     * touches no parameter.
     */
    private static void plantInfiniteGradient(QwenModel policy) {
        NDArray weight = policy.trainableParameters().get("model.norm.weight");
        try (NDScope scope = new NDScope();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            scope.suppressNotUsedWarning();
            NDArray infinity = weight.getManager().create(Float.POSITIVE_INFINITY);
            gc.backward(weight.mul(infinity).sum()); // d/dw Σ w·∞ = ∞
        }
    }

    private static int run(Path dir, SelfPlayConfig c, int failAt, int poisonFrom) {
        return run(dir, c, new AtomicInteger(), failAt, poisonFrom);
    }

    private static int run(
            Path dir, SelfPlayConfig c, AtomicInteger starts, int failAt, int poisonFrom) {
        return new SelfPlayLoop(
                        c, world(starts, failAt, poisonFrom), RunDirectory.open(dir, c.toTree()))
                .run();
    }

    private static List<JsonNode> lines(Path f) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(f)) {
            ObjectNode n = (ObjectNode) JSON.readTree(l);
            n.remove(List.of("seconds", "tokensPerSecond")); // wall-clock fields
            out.add(n);
        }
        return out;
    }

    private static List<String> phases(List<JsonNode> metrics) {
        return metrics.stream().map(m -> m.get("phase").asText()).toList();
    }

    private static List<Integer> skippedUpdates(List<JsonNode> metrics) {
        return metrics.stream()
                .filter(m -> m.has("skippedUpdates"))
                .map(m -> m.get("skippedUpdates").asInt())
                .toList();
    }

    /** Every file of a folder tree by relative path. */
    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static List<String> checkpointFolders(Path run) throws IOException {
        try (var l = Files.list(run.resolve("checkpoints"))) {
            return l.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static JsonNode state(Path run) throws IOException {
        return JSON.readTree(run.resolve(RunDirectory.STATE).toFile()).get("state");
    }

    /**
     * The stopped run's pins: metrics lines, the early-stop line, state.json, and the committed
     * executor checkpoint byte-identical (weights, optimiser, reference) to {@code lastGood}.
     */
    private static void assertStoppedOnLastGood(Path dir, Map<String, byte[]> lastGood)
            throws IOException {
        List<JsonNode> metrics = lines(dir.resolve(RunLog.METRICS));
        assertEquals(
                List.of("curation", "executor", "executor", "executor", "executor", "early-stop"),
                phases(metrics));
        // Step 0 applied its update; steps 1, 2, 3 skipped theirs (logged), then the stop.
        assertEquals(List.of(0, 1, 1, 1), skippedUpdates(metrics));
        JsonNode stop = metrics.get(5);
        assertEquals(3, stop.get("step").asInt());
        assertEquals("executor", stop.get("agent").asText());
        assertEquals(LIMIT, stop.get("skippedUpdatesInARow").asInt());
        assertEquals(LIMIT, stop.get("maxSkippedUpdatesInARow").asInt());
        String reason = stop.get("reason").asText();
        assertTrue(
                reason.startsWith("3 updates in a row skipped (loss or gradient NaN/∞)")
                        && reason.contains("iteration 1, executor step 3")
                        && reason.contains("the run stopped on its last good checkpoint"),
                reason);
        JsonNode state = state(dir);
        assertEquals(reason, state.get("stopped").asText());
        assertEquals(5, state.get("done").asInt()); // curation + executor steps 0..3
        // The failing step (unit 4) saved nothing; the committed checkpoint is unit 3's (step 2,
        // itself skipped); the stopped iteration has no iter-1/.
        assertEquals(List.of("executor-u3"), checkpointFolders(dir));
        assertEquals("checkpoints/executor-u3", state.get("executorCheckpoint").asText());
        Map<String, byte[]> committed = files(dir.resolve("checkpoints/executor-u3"));
        assertEquals(lastGood.keySet(), committed.keySet());
        for (Map.Entry<String, byte[]> f : lastGood.entrySet()) {
            String name = f.getKey();
            if (UNCHANGED_BY_A_SKIP.contains(name)
                    || name.startsWith("reference")
                    || name.startsWith("tokenizer")) {
                assertArrayEquals(f.getValue(), committed.get(name), name + " changed");
            }
        }
        // What a skipped step does change: the trainer's counters and the shuffle RNG it drew from.
        JsonNode trainer =
                JSON.readTree(dir.resolve("checkpoints/executor-u3/trainer_state.json").toFile());
        assertEquals(3, trainer.get("steps").asInt());
        assertEquals(3, trainer.get("updates").asInt());
        assertEquals(2, trainer.get("skippedUpdates").asInt());
    }

    /** Snapshot of the executor checkpoint committed after executor step 0 (unit 1). */
    private static Map<String, byte[]> afterFirstExecutorStep(Path dir) throws IOException {
        assertEquals(2, state(dir).get("done").asInt());
        Path u1 = dir.resolve("checkpoints/executor-u1");
        Map<String, byte[]> f = files(u1);
        assertTrue(f.containsKey("reference/model.safetensors"), f.keySet().toString());
        return f;
    }

    /** A rerun of a stopped folder starts no generation, appends nothing and returns at once. */
    private static void assertStoppedForGood(Path dir, SelfPlayConfig c) throws IOException {
        List<JsonNode> before = lines(dir.resolve(RunLog.METRICS));
        Map<String, byte[]> checkpoint = files(dir.resolve("checkpoints"));
        AtomicInteger starts = new AtomicInteger();
        assertEquals(5, run(dir, c, starts, 0, 0));
        assertEquals(0, starts.get());
        assertEquals(before, lines(dir.resolve(RunLog.METRICS)));
        Map<String, byte[]> after = files(dir.resolve("checkpoints"));
        assertEquals(checkpoint.keySet(), after.keySet());
        checkpoint.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
    }

    @Test
    void lossNaNStreakStopsTheRunOnItsLastGoodCheckpoint() throws Exception {
        // Step 0's AdamW update moves every weight by about lr (Adam's step is lr·m̂/√v̂ ≈ ±lr):
        // weights ~1e15 stay finite, so the checkpoint saves, but each projection multiplies the
        // activations by ~1e15 and they overflow float32 (max 3.4e38) within the first layer, so
        // every later loss is NaN. The scripted generation does not read the weights.
        SelfPlayConfig c = config(LIMIT, 1e15);
        Path dir = tmp.resolve("loss");
        // Crash at executor step 1's rollout, keeping step 0's checkpoint to compare with.
        assertThrows(IllegalStateException.class, () -> run(dir, c, 4, 0));
        Map<String, byte[]> lastGood = afterFirstExecutorStep(dir);
        ListAppender<ILoggingEvent> warnings = capture();
        try {
            assertEquals(5, run(dir, c, 0, 0));
        } finally {
            release(warnings);
        }
        assertStoppedOnLastGood(dir, lastGood);
        // Each skipped update is logged, and it was the loss that was NaN.
        List<String> skips = skipWarnings(warnings);
        assertEquals(3, skips.size(), skips.toString());
        for (String m : skips) {
            assertTrue(m.contains("loss NaN"), m);
        }
        assertStoppedForGood(dir, c);
    }

    @Test
    void gradientInfinityStreakStopsTheRunOnItsLastGoodCheckpoint() throws Exception {
        SelfPlayConfig c = config(LIMIT, 1e-3);
        Path dir = tmp.resolve("gradient");
        assertThrows(IllegalStateException.class, () -> run(dir, c, 4, 0));
        Map<String, byte[]> lastGood = afterFirstExecutorStep(dir);
        ListAppender<ILoggingEvent> warnings = capture();
        try {
            // Resumed at executor step 1, poisoned from its first generation start on.
            assertEquals(5, run(dir, c, 0, 1));
        } finally {
            release(warnings);
        }
        assertStoppedOnLastGood(dir, lastGood);
        // Each skipped update is logged; the loss was finite, the gradient norm was not.
        List<String> skips = skipWarnings(warnings);
        assertEquals(3, skips.size(), skips.toString());
        for (String m : skips) {
            assertTrue(m.contains("grad norm Infinity") && !m.contains("loss NaN"), m);
        }
        assertStoppedForGood(dir, c);
    }

    @Test
    @Tag("slow") // four loop runs, about 45 s on a loaded 2-core machine
    void aStreakCountsTheSameAcrossKillsAsInAnUninterruptedRun() throws Exception {
        SelfPlayConfig c = config(LIMIT, 1e-3);
        // Uninterrupted: poisoned from executor step 1 (the 4th generation start).
        Path straight = tmp.resolve("straight");
        assertEquals(5, run(straight, c, 0, 4));
        // Killed twice: after executor step 0, and inside the streak (after step 1, streak 1).
        Path killed = tmp.resolve("killed");
        assertThrows(IllegalStateException.class, () -> run(killed, c, 4, 0));
        Map<String, byte[]> lastGood = afterFirstExecutorStep(killed);
        assertThrows(IllegalStateException.class, () -> run(killed, c, 2, 1));
        assertEquals(List.of(0, 1), skippedUpdates(lines(killed.resolve(RunLog.METRICS))));
        assertEquals(5, run(killed, c, 0, 1));

        assertStoppedOnLastGood(straight, lastGood);
        assertStoppedOnLastGood(killed, lastGood);
        // The streak survives the kills: the same lines, state and checkpoint bytes.
        assertEquals(
                lines(straight.resolve(RunLog.METRICS)), lines(killed.resolve(RunLog.METRICS)));
        assertEquals(state(straight), state(killed));
        Map<String, byte[]> a = files(straight.resolve("checkpoints"));
        Map<String, byte[]> b = files(killed.resolve("checkpoints"));
        assertEquals(a.keySet(), b.keySet());
        a.forEach((k, v) -> assertArrayEquals(v, b.get(k), k + " differs after resume"));
    }

    @Test
    void zeroNeverStops() throws Exception {
        SelfPlayConfig c = config(0, 1e-3);
        Path dir = tmp.resolve("never");
        // Poisoned from executor step 1: four skipped updates in a row, and the run goes on.
        assertEquals(6, run(dir, c, 0, 4));
        List<JsonNode> metrics = lines(dir.resolve(RunLog.METRICS));
        assertEquals(
                List.of(
                        "curation",
                        "executor",
                        "executor",
                        "executor",
                        "executor",
                        "executor",
                        "monitors"),
                phases(metrics));
        assertEquals(List.of(0, 1, 1, 1, 1), skippedUpdates(metrics));
        assertEquals(4, metrics.get(6).get("lossSpikes").asInt()); // a skipped step's loss is NaN
        assertFalse(state(dir).has("stopped"));
        assertTrue(Files.isDirectory(dir.resolve("checkpoints/iter-1/executor")));
    }

    @Test
    void maxSkippedUpdatesInARowDefaultsToEightAndRefusesANegativeValue() throws Exception {
        assertEquals(8, SelfPlayConfig.defaults().monitors().maxSkippedUpdatesInARow());
        ObjectNode file = JSON.createObjectNode();
        file.putObject("models").put("curriculum", "random").put("executor", "random");
        assertEquals(8, SelfPlayConfig.fromTree(file).monitors().maxSkippedUpdatesInARow());
        assertEquals(
                8,
                SelfPlayConfig.fromTree(file)
                        .toTree()
                        .get("monitors")
                        .get("maxSkippedUpdatesInARow")
                        .asInt());
        file.putObject("monitors").put("maxSkippedUpdatesInARow", 0);
        assertEquals(0, SelfPlayConfig.fromTree(file).monitors().maxSkippedUpdatesInARow());
        file.putObject("monitors").put("maxSkippedUpdatesInARow", -1);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SelfPlayConfig.fromTree(file));
        assertEquals("monitors.maxSkippedUpdatesInARow = -1, must be >= 0", e.getMessage());
    }

    /** Collects PolicyTrainer's WARN lines (the skipped-update log). */
    private static ListAppender<ILoggingEvent> capture() {
        Logger logger = (Logger) LoggerFactory.getLogger(PolicyTrainer.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.WARN);
        return appender;
    }

    private static List<String> skipWarnings(ListAppender<ILoggingEvent> appender) {
        return appender.list.stream()
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("skipped update"))
                .toList();
    }

    private static void release(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(PolicyTrainer.class)).detachAppender(appender);
        appender.stop();
    }
}
