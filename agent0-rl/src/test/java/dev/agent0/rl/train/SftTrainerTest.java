package dev.agent0.rl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.agent0.core.generate.LogProbScorer;
import dev.agent0.core.model.QwenModel;
import dev.agent0.rl.optim.AdamWConfig;
import dev.agent0.rl.optim.LrSchedule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SftTrainerTest {
    static final List<SftTrainer.Example> DATA =
            List.of(
                    example(new int[] {1, 2, 3, 4, 5, 6}, 2), example(new int[] {9, 8, 7, 6, 5}, 2),
                    example(new int[] {3, 3, 1, 0, 2, 7, 4}, 3),
                            example(new int[] {5, 0, 9, 1}, 1));

    static SftTrainer.Example example(int[] tokens, int from) {
        float[] mask = new float[tokens.length];
        java.util.Arrays.fill(mask, from, tokens.length, 1f);
        return new SftTrainer.Example(tokens, mask);
    }

    @BeforeAll
    static void init() {
        TrainFixtures.init();
    }

    /** Mean −log p over masked tokens, recomputed independently with the scorer. */
    static double nll(QwenModel model) {
        float[][] lp =
                new LogProbScorer(model)
                        .score(DATA.stream().map(SftTrainer.Example::tokens).toList());
        double sum = 0;
        int n = 0;
        for (int i = 0; i < DATA.size(); i++) {
            for (int t = 0; t < lp[i].length; t++) {
                if (DATA.get(i).lossMask()[t] > 0) {
                    sum -= lp[i][t];
                    n++;
                }
            }
        }
        return sum / n;
    }

    @Test
    void lossFallsOnATinyMemorisationTaskAndIsSeeded() {
        float[] finalA;
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            QwenModel model = TrainFixtures.model(2, DataType.FLOAT32, m);
            double before = nll(model);
            try (SftTrainer t =
                    new SftTrainer(
                            model,
                            AdamWConfig.defaults().withWeightDecay(0),
                            LrSchedule.constant(5e-2, 0),
                            1.0,
                            2,
                            5,
                            m)) {
                double[] first = t.epoch(DATA, 4);
                // Full batch: the step's loss is the pre-update NLL, checked against the scorer.
                assertEquals(before, first[0], 1e-5);
                for (int e = 0; e < 15; e++) {
                    t.epoch(DATA, 2);
                }
                assertEquals(
                        1 + 15 * 2,
                        t.state().steps()); // one full batch, then 15 epochs of 2 batches
            }
            double after = nll(model);
            System.out.printf("SFT memorisation: NLL %.4f -> %.4f%n", before, after);
            assertTrue(after < 0.25 * before, "NLL " + before + " -> " + after);
            finalA = TrainFixtures.snapshot(model).get("model.embed_tokens.weight");
        }
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            QwenModel model = TrainFixtures.model(2, DataType.FLOAT32, m);
            try (SftTrainer t =
                    new SftTrainer(
                            model,
                            AdamWConfig.defaults().withWeightDecay(0),
                            LrSchedule.constant(5e-2, 0),
                            1.0,
                            2,
                            5,
                            m)) {
                t.epoch(DATA, 4);
                for (int e = 0; e < 15; e++) {
                    t.epoch(DATA, 2);
                }
            }
            assertArrayEquals(
                    finalA, TrainFixtures.snapshot(model).get("model.embed_tokens.weight"));
        }
    }
}
