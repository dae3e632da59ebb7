package dev.agent0.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent0.eval.consistency.PHat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutBatchTest {
    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void responseStartBuildsTheMaskAndCountsTokens() {
        RolloutBatch.Sequence s =
                RolloutBatch.Sequence.ofResponse(
                        new int[] {1, 2, 3, 4, 5}, 3, new float[] {0, 0, 0, -1, -2}, 0, 1);
        assertEquals(2, s.trainedTokens());
        RolloutBatch b = new RolloutBatch(List.of(s, s), List.of(new PHat(0.5)));
        assertEquals(4, b.trainedTokens());
        assertEquals(10, b.totalTokens());
        assertTrue(b.hasPHat());
        RolloutBatch none = RolloutBatch.withoutPHat(List.of(s, s));
        assertTrue(!none.hasPHat() && none.pHat().isEmpty());
    }

    @Test
    void badInputNamesTheField() {
        float[] lp = {0, -1, -1};
        assertTrue(
                error(
                                () ->
                                        new RolloutBatch.Sequence(
                                                new int[] {1, 2, 3}, new float[] {0, 1}, lp, 0, 1))
                        .startsWith("lossMask has length 2"));
        assertTrue(
                error(
                                () ->
                                        new RolloutBatch.Sequence(
                                                new int[] {1, 2, 3},
                                                new float[] {1, 1, 1},
                                                lp,
                                                0,
                                                1))
                        .startsWith("lossMask[0]"));
        assertTrue(
                error(
                                () ->
                                        new RolloutBatch.Sequence(
                                                new int[] {1, 2, 3},
                                                new float[] {0, 1, 1},
                                                new float[] {0, Float.NaN, -1},
                                                0,
                                                1))
                        .startsWith("samplingLogProbs[1]"));
        assertTrue(
                error(
                                () ->
                                        new RolloutBatch.Sequence(
                                                new int[] {1, -2, 3},
                                                new float[] {0, 1, 1},
                                                lp,
                                                0,
                                                1))
                        .startsWith("tokens[1]"));
        assertTrue(
                error(
                                () ->
                                        new RolloutBatch.Sequence(
                                                new int[] {1, 2, 3},
                                                new float[] {0, 1, 1},
                                                lp,
                                                0,
                                                Double.NaN))
                        .startsWith("reward"));
        RolloutBatch.Sequence ok =
                new RolloutBatch.Sequence(new int[] {1, 2, 3}, new float[] {0, 1, 1}, lp, 2, 1);
        assertTrue(
                error(() -> new RolloutBatch(List.of(ok, ok), List.of(new PHat(0.5))))
                        .startsWith("sequences[0].group"));
        assertTrue(error(() -> new PHat(1.5)).startsWith("pHat = 1.5"));
    }
}
