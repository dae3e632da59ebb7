package dev.agent0.rl.selfplay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfPlayConfigTest {
    @TempDir
    Path tmp;

    private SelfPlayConfig load(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return SelfPlayConfig.load(f);
    }

    private String error(String name, String text) {
        Path f = tmp.resolve(name);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            Files.writeString(f, text);
            SelfPlayConfig.load(f);
        });
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void yamlOverridesOnlyTheGivenKeys() throws Exception {
        SelfPlayConfig c = load("a.yaml", """
                iterations: 3
                executor:
                  groupSize: 16
                  estimator: grpo
                reward:
                  toolReward: false
                """);
        assertEquals(3, c.iterations());
        assertEquals(16, c.executor().groupSize());
        assertEquals("grpo", c.executor().estimator());
        assertFalse(c.reward().toolReward());
        // untouched keys keep their defaults
        SelfPlayConfig d = SelfPlayConfig.defaults();
        assertEquals(d.executor().maxToolCalls(), c.executor().maxToolCalls());
        assertEquals(0.6, c.reward().lambdaTool(), 0.0);
        assertEquals(0.3, c.curation().minPHat(), 0.0);
        assertEquals(d.curriculum(), c.curriculum());
    }

    @Test
    void jsonAndYamlGiveTheSameRecordAndTheSnapshotRoundTrips() throws Exception {
        SelfPlayConfig y = load("b.yml", "curation:\n  problems: 7\n  maxPHat: 0.75\n");
        SelfPlayConfig j = load("b.json", "{\"curation\": {\"problems\": 7, \"maxPHat\": 0.75}}");
        assertEquals(y, j);
        assertEquals(y, SelfPlayConfig.fromTree(y.toTree()));
        assertEquals(SelfPlayConfig.defaults(), load("empty.yaml", ""));
    }

    @Test
    void snapshotReopensTheRunFolderAndADifferentConfigIsRefusedByField() throws Exception {
        SelfPlayConfig c = load("s.yaml", "seed: 5\nexecutor:\n  steps: 2\n");
        Path dir = tmp.resolve("run");
        RunDirectory.open(dir, c.toTree());
        assertTrue(RunDirectory.open(dir, c.toTree()).resumed()); // long/int node types compare equal
        SelfPlayConfig other = load("t.yaml", "seed: 5\nexecutor:\n  steps: 3\n");
        RunConfigMismatchException e = assertThrows(RunConfigMismatchException.class,
                () -> RunDirectory.open(dir, other.toTree()));
        assertTrue(e.getMessage().contains("executor.steps") && !e.getMessage().contains("seed"), e.getMessage());
    }

    @Test
    void errorsNameTheFieldByDottedPath() {
        assertTrue(error("c.yaml", "executor:\n  grupSize: 3\n").contains("executor.grupSize: unknown field"));
        assertTrue(error("d.yaml", "executor:\n  groupSize: 0\n").contains("executor.groupSize = 0, must be >= 1"));
        assertTrue(error("e.yaml", "curriculum:\n  steps: many\n").contains("curriculum.steps"));
        assertTrue(error("f.yaml", "curriculum:\n  steps: 1.5\n").contains("curriculum.steps"));
        assertTrue(error("g.yaml", "curation:\n  minPHat: 0.9\n").contains("curation.maxPHat"));
        assertTrue(error("h.yaml", "executor: 3\n").contains("executor: must be a mapping"));
        assertTrue(error("i.yaml", "executor:\n  estimator: ppo\n").contains("executor.estimator"));
        assertTrue(error("j.yaml", "curriculum:\n  batchSize: 6\n").contains("curriculum.batchSize"));
        assertTrue(error("k.yaml", "reward:\n  tau: null\n").contains("reward.tau"));
    }

    @Test
    void section7AndTrainerFieldsHaveTheirDocumentedDefaults() {
        SelfPlayConfig d = SelfPlayConfig.defaults();
        assertTrue(d.extensions().toolConsistencyGuard());
        assertEquals(5, d.extensions().klLogRatioClamp(), 0.0);
        assertEquals(10, d.monitors().lossSpikeThreshold(), 0.0);
        assertFalse(d.monitors().earlyStop());
        assertEquals(0.25, d.monitors().minKeptFraction(), 0.0);
        assertEquals(0, d.executor().warmupSteps());
        assertEquals(1, d.executor().epochs());
        assertEquals(1, d.executor().miniBatches());
        assertEquals(4, d.executor().microBatchSize());
        assertEquals(List.of("sympy", "numpy"), d.sandbox().preload()); // the sandbox's own default
    }

    @Test
    void preloadIsAListOfModuleNames() throws Exception {
        assertEquals(List.of(), load("p.yaml", "sandbox:\n  preload: []\n").sandbox().preload());
        SelfPlayConfig c = load("q.yaml", "sandbox:\n  preload: [numpy]\n");
        assertEquals(List.of("numpy"), c.sandbox().preload());
        assertEquals(c, SelfPlayConfig.fromTree(c.toTree()));
        assertTrue(error("r.yaml", "sandbox:\n  preload: numpy\n").contains("sandbox.preload: must be a list"));
        assertTrue(error("s.yaml", "sandbox:\n  preload: [\"os; rm\"]\n").contains("sandbox.preload"));
        assertTrue(error("t.yaml", "sandbox:\n  preload: [~]\n").contains("sandbox.preload"));
    }

    @Test
    void newFieldsAreValidatedByDottedPath() {
        assertTrue(error("u.yaml", "executor:\n  miniBatches: 3\n").contains("executor.miniBatches = 3 must be <= "
                + "executor.groupSize = 2"));
        assertTrue(error("v.yaml", "executor:\n  warmupSteps: -1\n").contains("executor.warmupSteps"));
        assertTrue(error("w.yaml", "executor:\n  microBatchSize: 0\n").contains("executor.microBatchSize"));
        assertTrue(error("x.yaml", "extensions:\n  klLogRatioClamp: 0\n").contains("extensions.klLogRatioClamp"));
        assertTrue(error("y.yaml", "monitors:\n  minKeptFraction: 1.5\n").contains("monitors.minKeptFraction"));
        assertTrue(error("z.yaml", "extensions:\n  guard: true\n").contains("extensions.guard: unknown field"));
    }

    @Test
    void klClampBatchingAndWarmupReachTheTrainerConfigs() throws Exception {
        SelfPlayConfig c = load("k.yaml", """
                executor:
                  multiTurn: false
                  groupSize: 4
                  warmupSteps: 10
                  epochs: 2
                  miniBatches: 2
                  microBatchSize: 3
                extensions:
                  klLogRatioClamp: 4.5
                """);
        var e = TrainerConfigs.executor(c);
        assertEquals(4.5, e.loss().klLogRatioClamp(), 0.0);
        assertEquals(10, e.loss().klValueClamp(), 0.0); // verl's k3 clamp stays
        assertEquals(10, e.schedule().warmupSteps());
        assertEquals(0.0, e.schedule().lr(0), 0.0);      // warm-up starts at 0 ...
        assertEquals(c.executor().lr() / 2, e.schedule().lr(5), 1e-18); // ... and is linear
        assertEquals(2, e.epochs());
        assertEquals(2, e.miniBatches());
        assertEquals(3, e.microBatchSize());
        assertEquals(dev.agent0.rl.advantage.AdvantageEstimator.ADPO, e.estimator());
        var cur = TrainerConfigs.curriculum(c);
        assertEquals(4.5, cur.loss().klLogRatioClamp(), 0.0);
        assertEquals(0.3, cur.loss().clipHigh(), 0.0);
        assertEquals(3, cur.loss().dualClip(), 0.0);
        assertEquals(0, cur.schedule().warmupSteps());
    }

    @Test
    void shippedTinySmokeConfigIsValid() {
        Path file = Path.of("..", "configs", "tiny-smoke.yaml"); // surefire runs in the module folder
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(file), file + " not found");
        SelfPlayConfig c = SelfPlayConfig.load(file);
        assertEquals(List.of(), c.sandbox().preload());
        assertTrue(c.extensions().toolConsistencyGuard());
        assertEquals(5, c.extensions().klLogRatioClamp(), 0.0);
    }
}
