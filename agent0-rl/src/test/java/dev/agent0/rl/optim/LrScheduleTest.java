package dev.agent0.rl.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LrScheduleTest {
    @Test
    void warmupIsLinearFromZeroLikeHuggingFace() {
        // Executor reference: 1e-6 with 10 warm-up steps; step k < 10 gets 1e-6·k/10.
        LrSchedule s = LrSchedule.constant(1e-6, 10);
        assertEquals(0, s.lr(0), 0);
        assertEquals(0.5e-6, s.lr(5), 1e-18);
        assertEquals(0.9e-6, s.lr(9), 1e-18);
        assertEquals(1e-6, s.lr(10), 0);
        assertEquals(1e-6, s.lr(10_000), 0);
    }

    @Test
    void noWarmupStartsAtPeak() {
        assertEquals(1e-6, LrSchedule.defaults().lr(0), 0);
    }

    @Test
    void cosineFallsToItsFloor() {
        // Warm-up 2, total 10: progress p = (k − 2)/8; lr = peak·(0.1 + 0.9·½(1 + cos πp)).
        LrSchedule s = LrSchedule.cosine(1.0, 2, 10, 0.1);
        assertEquals(0.5, s.lr(1), 1e-15);
        assertEquals(1.0, s.lr(2), 1e-15);
        assertEquals(0.55, s.lr(6), 1e-15); // p = 0.5: cos = 0
        assertEquals(0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), s.lr(4), 1e-15);
        assertEquals(0.1, s.lr(10), 1e-15);
        assertEquals(0.1, s.lr(50), 1e-15); // stays at the floor
    }

    @Test
    void badScheduleNamesTheField() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> LrSchedule.cosine(1e-6, 10, 5, 0));
        assertTrue(e.getMessage().startsWith("totalSteps = 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LrSchedule.constant(0, 0));
        assertTrue(e.getMessage().startsWith("peakLr = 0.0"), e.getMessage());
    }
}
