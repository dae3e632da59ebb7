package dev.agent0.rl.selfplay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
