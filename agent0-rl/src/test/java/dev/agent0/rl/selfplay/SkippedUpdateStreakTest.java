package dev.agent0.rl.selfplay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The counting rule of skipped updates in a row, by hand, and its replay from metrics.jsonl. */
class SkippedUpdateStreakTest {
    @TempDir Path tmp;

    @Test
    void wholeSkippedStepsAddUpAndAnAppliedUpdateRestartsTheCount() {
        SkippedUpdateStreak k = new SkippedUpdateStreak(8);
        k.add(2, 2); // 2
        k.add(4, 4); // 6
        assertEquals(6, k.length());
        assertFalse(k.reached());
        k.add(4, 3); // one update applied: restart (order inside a step is not logged)
        assertEquals(0, k.length());
        k.add(4, 4);
        k.add(0, 0); // no update attempted (nothing to train on): unchanged
        k.add(null);
        assertEquals(4, k.length());
        k.add(4, 4); // 8 = the limit
        assertTrue(k.reached());
        assertTrue(
                k.reason("iteration 2, executor step 5")
                        .startsWith(
                                "8 updates in a row skipped (loss or gradient NaN/∞) up to"
                                        + " iteration 2, executor step 5: the run stopped on its"
                                        + " last good checkpoint"),
                k.reason("iteration 2, executor step 5"));
    }

    @Test
    void limitZeroIsNeverReached() {
        SkippedUpdateStreak k = new SkippedUpdateStreak(0);
        for (int i = 0; i < 100; i++) {
            k.add(1, 1);
        }
        assertEquals(100, k.length());
        assertFalse(k.reached());
    }

    @Test
    void nonsenseCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SkippedUpdateStreak(-1));
        SkippedUpdateStreak k = new SkippedUpdateStreak(1);
        assertThrows(IllegalArgumentException.class, () -> k.add(1, 2));
        assertThrows(IllegalArgumentException.class, () -> k.add(1, -1));
    }

    @Test
    void replayReadsTheCommittedTrainerLinesInOrder() {
        ObjectMapper json = new ObjectMapper();
        RunDirectory run = RunDirectory.open(tmp.resolve("run"), json.createObjectNode());
        RunLog log = new RunLog(run, Map::of);
        assertEquals(0, log.skippedUpdateStreak(3).length()); // no metrics.jsonl yet
        run.appendJsonl(RunLog.METRICS, step(json, "curriculum", 2, 2));
        run.appendJsonl(RunLog.METRICS, step(json, "executor", 2, 0)); // restart
        run.appendJsonl(RunLog.METRICS, step(json, "executor", 2, 2));
        run.appendJsonl(
                RunLog.METRICS, json.createObjectNode().put("phase", "curation").put("kept", 0));
        run.appendJsonl(
                RunLog.METRICS,
                json.createObjectNode().put("phase", "executor").put("skipped", "no curated"));
        run.appendJsonl(RunLog.METRICS, step(json, "curriculum", 1, 1));
        SkippedUpdateStreak k = log.skippedUpdateStreak(3);
        assertEquals(3, k.length());
        assertTrue(k.reached());
    }

    private static ObjectNode step(ObjectMapper json, String phase, int updates, int skipped) {
        return json.createObjectNode()
                .put("phase", phase)
                .put("loss", skipped == updates ? Double.NaN : 0.5)
                .put("updates", updates)
                .put("skippedUpdates", skipped);
    }
}
