package dev.agent0.rl.selfplay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.rl.optim.LrSchedule;
import org.junit.jupiter.api.Test;

class TrainerConfigsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SelfPlayConfig config(double lrMinRatio) {
        ObjectNode o = JSON.createObjectNode();
        o.put("iterations", 3);
        o.putObject("executor").put("lr", 2e-4).put("steps", 2).put("miniBatches", 2).put("warmupSteps", 2)
                .put("lrMinRatio", lrMinRatio);
        return SelfPlayConfig.fromTree(o);
    }

    @Test
    void defaultExecutorLrIsConstantAfterTheWarmUp() {
        LrSchedule s = TrainerConfigs.executorSchedule(config(1.0));
        assertEquals(1e-4, s.lr(1), 1e-18); // warm-up: 2e-4 · 1/2
        assertEquals(2e-4, s.lr(2), 0.0);
        assertEquals(2e-4, s.lr(1000), 0.0);
    }

    @Test
    void lrMinRatioDecaysByCosineOverTheRunsExecutorUpdates() {
        // 3 iterations × 2 steps × 1 epoch × 2 mini-batches = 12 updates; warm-up 2, so the cosine
        // runs over updates 2..12: halfway (update 7) it is the mean of the peak and the floor.
        LrSchedule s = TrainerConfigs.executorSchedule(config(0.1));
        assertEquals(12, s.totalSteps());
        assertEquals(2e-4, s.lr(2), 1e-18);
        assertEquals(2e-4 * (0.1 + 0.9 * 0.5), s.lr(7), 1e-15);
        assertEquals(2e-5, s.lr(12), 1e-15);
        assertEquals(2e-5, s.lr(50), 1e-15);
        assertTrue(s.lr(3) < 2e-4 && s.lr(3) > s.lr(4));
    }

    @Test
    void lrMinRatioOutsideTheUnitIntervalIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config(1.5));
        assertTrue(e.getMessage().contains("executor.lrMinRatio"), e.getMessage());
    }
}
