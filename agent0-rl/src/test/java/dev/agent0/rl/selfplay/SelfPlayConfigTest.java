package dev.agent0.rl.selfplay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.agent0.core.agent.CurriculumConfig;
import dev.agent0.core.agent.ExecutorConfig;
import dev.agent0.rl.advantage.AdvantageEstimator;
import dev.agent0.rl.optim.LrSchedule;
import dev.agent0.rl.optim.ScheduleShape;
import dev.agent0.rl.reward.CurriculumRewardConfig;
import dev.agent0.rl.train.PolicyTrainerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfPlayConfigTest {
    @TempDir Path tmp;

    /** A config file must name its models; the tests' files say random unless they name them. */
    private static String withModels(String name, String text) {
        if (text.contains("models:")) {
            return text;
        }
        return name.endsWith(".json")
                ? text.replaceFirst(
                        "\\{",
                        "{\"models\": {\"curriculum\": \"random\", \"executor\": \"random\"}, ")
                : "models: {curriculum: random, executor: random}\n" + text;
    }

    private SelfPlayConfig load(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, withModels(name, text));
        return SelfPlayConfig.load(f);
    }

    private String error(String name, String text) {
        Path f = tmp.resolve(name);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> {
                            Files.writeString(f, withModels(name, text));
                            SelfPlayConfig.load(f);
                        });
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void yamlOverridesOnlyTheGivenKeys() throws Exception {
        SelfPlayConfig c =
                load(
                        "a.yaml",
                        """
                        iterations: 2
                        executor:
                          rollout:
                            groupSize: 8
                          trainer:
                            estimator: grpo
                        reward:
                          toolReward: false
                        """);
        assertEquals(2, c.iterations());
        assertEquals(8, c.executor().rollout().groupSize());
        assertEquals(
                AdvantageEstimator.GRPO,
                c.executor().trainer().estimator()); // enum names in any case
        assertFalse(c.reward().toolReward());
        // untouched keys keep their defaults
        SelfPlayConfig d = SelfPlayConfig.defaults();
        assertEquals(d.executor().rollout().maxToolCalls(), c.executor().rollout().maxToolCalls());
        assertEquals(d.executor().trainer().loss(), c.executor().trainer().loss());
        assertEquals(0.6, c.reward().lambdaTool(), 0.0);
        assertEquals(d.curation(), c.curation());
    }

    @Test
    void defaultsAreThePapersReferenceRunComposedFromTheLibrarysRecords() {
        SelfPlayConfig d = SelfPlayConfig.defaults();
        assertEquals(3, d.iterations());
        assertEquals(CurationConfig.defaults(), d.curation());
        assertEquals(8000, d.curation().problems());
        assertEquals(CurriculumRewardConfig.defaults(), d.reward());
        assertEquals(
                CurriculumConfig.defaults().sampling().topP(),
                d.curriculum().generation().sampling().topP());
        assertEquals(ExecutorConfig.defaults().groupSize(), d.executor().rollout().groupSize());
        assertEquals(16, d.executor().rollout().groupSize());
        PolicyTrainerConfig cur = d.curriculum().trainer();
        assertEquals(AdvantageEstimator.GRPO, cur.estimator());
        assertEquals(0.3, cur.loss().clipHigh(), 0.0);
        assertEquals(3, cur.loss().dualClip(), 0.0);
        PolicyTrainerConfig exe = d.executor().trainer();
        assertEquals(AdvantageEstimator.ADPO, exe.estimator());
        assertEquals(10, exe.schedule().warmupSteps());
        assertEquals(1e-6, exe.schedule().peakLr(), 0.0);
        assertEquals(20, exe.loss().klLogRatioClamp(), 0.0);
        assertTrue(d.extensions().toolConsistencyGuard());
        assertEquals(List.of("sympy", "numpy"), d.sandbox().preload()); // the sandbox's own default
    }

    @Test
    void seedsAndTheCosineLengthAreDerivedFromTheRun() throws Exception {
        SelfPlayConfig c =
                load(
                        "d.yaml",
                        """
                        seed: 7
                        iterations: 3
                        executor:
                          steps: 2
                          rollout: {groupSize: 4}
                          trainer:
                            miniBatches: 2
                            schedule: {peakLr: 2.0e-4, warmupSteps: 2, shape: COSINE, minRatio: 0.1}
                        """);
        assertEquals(7, c.curriculum().trainer().seed());
        assertEquals(8, c.executor().trainer().seed());
        assertEquals(7, c.curriculum().generation().sampling().seed());
        assertEquals(7, c.executor().rollout().sampling().seed());
        // 3 iterations × 2 steps × 1 epoch × 2 mini-batches = 12 updates; warm-up 2, so the cosine
        // runs over updates 2..12: halfway (update 7) it is the mean of the peak and the floor.
        LrSchedule s = c.executor().trainer().schedule();
        assertEquals(12, s.totalSteps());
        assertEquals(1e-4, s.lr(1), 1e-18); // warm-up: 2e-4 · 1/2
        assertEquals(2e-4, s.lr(2), 1e-18);
        assertEquals(2e-4 * (0.1 + 0.9 * 0.5), s.lr(7), 1e-15);
        assertEquals(2e-5, s.lr(12), 1e-15);
        // A constant schedule has no length; the curriculum's 5 reference steps do not matter.
        assertEquals(ScheduleShape.CONSTANT, c.curriculum().trainer().schedule().shape());
        assertEquals(0, c.curriculum().trainer().schedule().totalSteps());
        assertTrue(
                error("e.yaml", "executor:\n  trainer:\n    seed: 3\n")
                        .contains("executor.trainer.seed: derived from the run"));
        assertTrue(
                error("f.yaml", "executor:\n  trainer:\n    schedule: {totalSteps: 3}\n")
                        .contains("executor.trainer.schedule.totalSteps: derived"));
    }

    @Test
    void jsonAndYamlGiveTheSameRecordAndTheSnapshotRoundTrips() throws Exception {
        SelfPlayConfig y = load("b.yml", "curation:\n  problems: 7\n  maxPHat: 0.75\n");
        SelfPlayConfig j = load("b.json", "{\"curation\": {\"problems\": 7, \"maxPHat\": 0.75}}");
        assertEquals(y, j);
        assertEquals(y, SelfPlayConfig.fromTree(y.toTree()));
        assertEquals(SelfPlayConfig.defaults(), load("empty.yaml", ""));
        for (String derived : SelfPlayConfigFiles.DERIVED) {
            assertTrue(y.toTree().at("/" + derived.replace('.', '/')).isMissingNode(), derived);
        }
    }

    @Test
    void snapshotReopensTheRunFolderAndADifferentConfigIsRefusedByField() throws Exception {
        SelfPlayConfig c = load("s.yaml", "seed: 5\nexecutor:\n  steps: 2\n");
        Path dir = tmp.resolve("run");
        RunDirectory.open(dir, c.toTree());
        assertTrue(
                RunDirectory.open(dir, c.toTree()).resumed()); // long/int node types compare equal
        SelfPlayConfig other = load("t.yaml", "seed: 5\nexecutor:\n  steps: 3\n");
        RunConfigMismatchException e =
                assertThrows(
                        RunConfigMismatchException.class,
                        () -> RunDirectory.open(dir, other.toTree()));
        assertTrue(
                e.getMessage().contains("executor.steps") && !e.getMessage().contains("seed"),
                e.getMessage());
    }

    @Test
    void errorsNameTheFieldByDottedPath() {
        assertTrue(
                error("c.yaml", "executor:\n  rollout:\n    grupSize: 3\n")
                        .contains("executor.rollout.grupSize: unknown field"));
        assertTrue(
                error("d.yaml", "executor:\n  rollout:\n    groupSize: 0\n")
                        .contains("executor.rollout.groupSize = 0, must be >= 1"));
        assertTrue(error("e.yaml", "curriculum:\n  steps: many\n").contains("curriculum.steps"));
        assertTrue(error("f.yaml", "curriculum:\n  steps: 1.5\n").contains("curriculum.steps"));
        assertTrue(
                error("g.yaml", "curation:\n  minPHat: 0.9\n").contains("curation.maxPHat = 0.8"));
        assertTrue(error("h.yaml", "executor: 3\n").contains("executor: must be a mapping"));
        assertTrue(
                error("i.yaml", "executor:\n  trainer:\n    estimator: ppo\n")
                        .contains("executor.trainer.estimator"));
        assertTrue(
                error("j.yaml", "curriculum:\n  batchSize: 6\n")
                        .contains("curriculum.batchSize = 6"));
        assertTrue(error("k.yaml", "reward:\n  tau: null\n").contains("reward.tau"));
        assertTrue(
                error("l.yaml", "executor:\n  trainer:\n    loss: {klLogRatioClamp: 0}\n")
                        .contains("executor.trainer.loss.klLogRatioClamp = 0.0"));
        assertTrue(
                error("m.yaml", "executor:\n  trainer:\n    ambiguity: {lo: 0.9}\n")
                        .contains("executor.trainer.ambiguity.hi = 0.8"));
        assertTrue(
                error("n.yaml", "monitors:\n  minKeptFraction: 1.5\n")
                        .contains("monitors.minKeptFraction = 1.5"));
        assertTrue(
                error("o.yaml", "extensions:\n  guard: true\n")
                        .contains("extensions.guard: unknown field"));
        assertTrue(
                error("p.yaml", "executor:\n  trainer:\n    miniBatches: 17\n")
                        .contains(
                                "executor.trainer.miniBatches = 17 must be <="
                                        + " executor.rollout.groupSize = 16"));
        assertTrue(
                error("q.yaml", "curriculum:\n  generation:\n    sampling: {topP: 0}\n")
                        .contains("curriculum.generation.sampling.topP = 0.0"));
    }

    @Test
    void aFileMustNameItsModelsAndLoraNeedsOneSharedBase() throws Exception {
        Path f = tmp.resolve("no-models.yaml");
        Files.writeString(f, "iterations: 1\n");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SelfPlayConfig.load(f));
        assertTrue(e.getMessage().contains("models.curriculum: not set"), e.getMessage());
        SelfPlayConfig lora =
                load(
                        "lora.yaml",
                        "models: {curriculum: /m, executor: /m, finetune: lora, lora: {r: 8, alpha:"
                                + " 16, targets: [q_proj, v_proj]}}\n");
        assertEquals(FineTuning.LORA, lora.models().finetune());
        assertEquals(8, lora.models().lora().r());
        assertEquals(2.0, lora.models().lora().scaling(), 0.0);
        assertTrue(
                error("m.yaml", "models: {curriculum: /a, executor: /b, finetune: LORA}\n")
                        .contains("models.executor = '/b' must equal curriculum = '/a'"));
        assertTrue(
                error("n.yaml", "models: {curriculum: random, executor: random, lora: {r: 0}}\n")
                        .contains("models.lora.r = 0, must be >= 1"));
        assertTrue(
                error(
                                "o.yaml",
                                "models: {curriculum: random, executor: random, lora: {targets:"
                                        + " [lm_head]}}\n")
                        .contains("models.lora.targets"));
    }

    @Test
    void memorySizesParseAndBadOnesNameTheField() throws Exception {
        SelfPlayConfig d = load("d.yaml", "iterations: 1\n");
        assertTrue(d.memory().budgetBytes().isEmpty(), "default: the machine's memory");
        assertTrue(d.memory().kvCacheCapBytes().isEmpty(), "default: no cap");
        SelfPlayConfig c = load("c.yaml", "memory: {budget: 80GiB, kvCacheCap: 512MiB}\n");
        assertEquals(80L << 30, c.memory().budgetBytes().getAsLong());
        assertEquals(512L << 20, c.memory().kvCacheCapBytes().getAsLong());
        assertEquals(c, SelfPlayConfig.fromTree(c.toTree()));
        assertTrue(
                error("e.yaml", "memory: {kvCacheCap: 4 GiBs}\n")
                        .contains("memory.kvCacheCap = '4 GiBs': unknown unit"));
        assertTrue(
                error("f.yaml", "memory: {budget: 0}\n")
                        .contains("memory.budget = 0, must be > 0"));
    }

    @Test
    void anHttpEngineNeedsServersAFolderAndLora() throws Exception {
        assertFalse(load("a.yaml", "iterations: 1\n").engine().isHttp());
        SelfPlayConfig c =
                load(
                        "b.yaml",
                        "models: {curriculum: /m, executor: /m, finetune: LORA}\n"
                                + "engine: {type: http, baseUrls: [\"http://127.0.0.1:8000\"],"
                                + " model: base, publishDir: /shared/adapters}\n");
        assertEquals("base", c.engine().completions().model());
        assertEquals(c, SelfPlayConfig.fromTree(c.toTree()));
        assertTrue(
                error(
                                "c.yaml",
                                "engine: {type: http, baseUrls: [\"http://x:1\"], model: b,"
                                        + " publishDir: /p}\n")
                        .contains("needs models.finetune: LORA"));
        assertTrue(
                error(
                                "d.yaml",
                                "models: {curriculum: /m, executor: /m, finetune: LORA}\n"
                                        + "engine: {type: http, model: b, publishDir: /p}\n")
                        .contains("engine.baseUrls is empty"));
        assertTrue(error("e.yaml", "engine: {type: grpc}\n").contains("engine.type = grpc"));
    }

    @Test
    void trainersComputeLogProbsAtTheirAgentsSamplingTemperature() throws Exception {
        SelfPlayConfig c =
                load(
                        "t.yaml",
                        "executor: {rollout: {sampling: {temperature: 0.7}}}\n"
                                + "curriculum: {generation: {sampling: {temperature: 1.2}}}\n");
        assertEquals(0.7, c.executor().trainer().temperature());
        assertEquals(1.2, c.curriculum().trainer().temperature());
        assertEquals(1.0, load("u.yaml", "iterations: 1\n").executor().trainer().temperature());
        assertTrue(
                error("v.yaml", "executor: {trainer: {temperature: 0.5}}\n")
                        .contains("executor.trainer.temperature: derived from the run"));
    }

    @Test
    void rolloutsFromServersAreCorrectedByTruncatedImportanceSamplingInBothTrainers()
            throws Exception {
        String http =
                "models: {curriculum: /m, executor: /m, finetune: LORA}\n"
                        + "engine: {type: http, baseUrls: [\"http://127.0.0.1:8000\"],"
                        + " model: base, publishDir: /p";
        SelfPlayConfig on = load("a.yaml", http + "}\n");
        assertEquals(2.0, on.curriculum().trainer().samplerCorrectionCap());
        assertEquals(2.0, on.executor().trainer().samplerCorrectionCap());
        SelfPlayConfig off = load("b.yaml", http + ", importanceSamplingCap: 0}\n");
        assertEquals(0, off.executor().trainer().samplerCorrectionCap());
        SelfPlayConfig local = load("c.yaml", "iterations: 1\n");
        assertEquals(0, local.executor().trainer().samplerCorrectionCap());
        assertTrue(
                error("d.yaml", http + ", importanceSamplingCap: 0.5}\n")
                        .contains("engine.importanceSamplingCap = 0.5, must be 0 (off) or >= 1"));
        assertTrue(
                error("e.yaml", "executor: {trainer: {samplerCorrectionCap: 2}}\n")
                        .contains("executor.trainer.samplerCorrectionCap: derived from the run"));
    }

    @Test
    void preloadIsAListOfModuleNames() throws Exception {
        assertEquals(List.of(), load("p.yaml", "sandbox:\n  preload: []\n").sandbox().preload());
        SelfPlayConfig c = load("q.yaml", "sandbox:\n  preload: [numpy]\n");
        assertEquals(List.of("numpy"), c.sandbox().preload());
        assertEquals(c, SelfPlayConfig.fromTree(c.toTree()));
        assertTrue(
                error("r.yaml", "sandbox:\n  preload: numpy\n")
                        .contains("sandbox.preload: must be a list"));
        assertTrue(
                error("s.yaml", "sandbox:\n  preload: [\"os; rm\"]\n").contains("sandbox.preload"));
        assertTrue(error("t.yaml", "sandbox:\n  preload: [~]\n").contains("sandbox.preload"));
    }

    @Test
    void everyShippedConfigLoadsAndTheAblationsChangeOneSetting() throws Exception {
        Path configs = Path.of("..", "configs"); // surefire runs in the module folder
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectNode tinyWorld =
                (ObjectNode) yaml.readTree(configs.resolve("tiny-world.yaml").toFile());
        tinyWorld
                .putObject("models")
                .put("curriculum", "base")
                .put("executor", "base"); // as the demo does
        SelfPlayConfig base = SelfPlayConfig.fromTree(tinyWorld);
        assertEquals(AdvantageEstimator.ADPO, base.executor().trainer().estimator());
        assertEquals(5, base.executor().trainer().loss().klLogRatioClamp(), 0.0);
        assertEquals(
                48, base.executor().trainer().schedule().totalSteps()); // 24 iterations × 2 steps
        for (String name :
                List.of("tiny-smoke.yaml", "tiny-smoke-lora.yaml", "qwen3-4b-base.yaml")) {
            SelfPlayConfig.load(configs.resolve(name));
        }
        assertEquals(
                FineTuning.LORA,
                SelfPlayConfig.load(configs.resolve("tiny-smoke-lora.yaml")).models().finetune());
        ObjectNode lora = tinyWorld.deepCopy();
        merge(lora, (ObjectNode) yaml.readTree(configs.resolve("tiny-world-lora.yaml").toFile()));
        assertEquals(8, SelfPlayConfig.fromTree(lora).models().lora().r());
        try (var files = Files.list(configs)) {
            for (Path ablation :
                    files.filter(
                                    f ->
                                            f.getFileName().toString().startsWith("tiny-world-")
                                                    && !f.getFileName()
                                                            .toString()
                                                            .equals("tiny-world-lora.yaml"))
                            .toList()) {
                ObjectNode merged = tinyWorld.deepCopy();
                merge(merged, (ObjectNode) yaml.readTree(ablation.toFile()));
                SelfPlayConfig c = SelfPlayConfig.fromTree(merged);
                List<String> changed = ConfigDiff.paths(base.toTree(), c.toTree());
                assertEquals(1, changed.size(), ablation + " changes " + changed);
            }
        }
    }

    private static void merge(ObjectNode base, ObjectNode over) {
        for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it =
                        over.fields();
                it.hasNext(); ) {
            var e = it.next();
            if (base.get(e.getKey()) instanceof ObjectNode o
                    && e.getValue() instanceof ObjectNode v) {
                merge(o, v);
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }
}
