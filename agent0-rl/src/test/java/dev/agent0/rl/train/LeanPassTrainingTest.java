package dev.agent0.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.agent0.core.generate.PassMemory;
import dev.agent0.core.lora.LoraAdapter;
import dev.agent0.core.lora.LoraConfig;
import dev.agent0.core.model.QwenModel;
import dev.agent0.rl.loss.LossAggregation;
import dev.agent0.rl.loss.LossMetrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chunked logits and layer recomputation compute the same thing as the plain pass: the same old
 * log-probs and entropies, the same loss and the same gradients (float64, to rounding), for full
 * fine-tuning and for a LoRA view, with and without a KL reference.
 */
class LeanPassTrainingTest {
    private static final List<PassMemory> LEAN =
            List.of(new PassMemory(2, false), new PassMemory(0, true), new PassMemory(3, true));

    @BeforeAll
    static void init() {
        TrainFixtures.init();
    }

    private static void assertClose(Map<String, double[]> a, Map<String, double[]> b, String what) {
        assertEquals(a.keySet(), b.keySet());
        for (String n : a.keySet()) {
            double[] x = a.get(n);
            double[] y = b.get(n);
            for (int i = 0; i < x.length; i++) {
                assertEquals(
                        x[i],
                        y[i],
                        1e-10 * Math.max(1, Math.abs(x[i])),
                        what + " " + n + "[" + i + "]");
            }
        }
    }

    @Test
    void leanPassesGiveThePlainScoresLossAndGradients() {
        for (LossAggregation agg :
                List.of(LossAggregation.TOKEN_MEAN, LossAggregation.SEQ_MEAN_TOKEN_MEAN)) {
            for (PassMemory memory : LEAN) {
                try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                    PolicyTrainerConfig plainCfg = TrainFixtures.config(0.1, 1e-3, 1, 3);
                    // With truncated importance weights too (the fixture's sampler log-probs are
                    // 0, so w = exp(log π_old) < 1 varies per token).
                    plainCfg =
                            plainCfg.withLoss(plainCfg.loss().withAggregation(agg))
                                    .withSamplerCorrection(2);
                    PolicyTrainerConfig leanCfg = plainCfg.withMemory(memory);
                    QwenModel a = TrainFixtures.model(3, DataType.FLOAT64, m);
                    QwenModel b = TrainFixtures.model(3, DataType.FLOAT64, m);
                    RolloutBatch batch = TrainFixtures.batch(5, 2, 4);
                    int[] all = ModelPasses.range(0, batch.size());
                    String what = agg + " " + memory;
                    try (PolicyTrainer plain = new PolicyTrainer(a, plainCfg, m);
                            PolicyTrainer lean = new PolicyTrainer(b, leanCfg, m)) {
                        PolicyTrainer.Prepared p = plain.prepare(batch);
                        PolicyTrainer.Prepared q = lean.prepare(batch);
                        for (int i = 0; i < batch.size(); i++) {
                            for (int t = 0; t < p.oldLogProbs()[i].length; t++) {
                                assertEquals(
                                        p.oldLogProbs()[i][t],
                                        q.oldLogProbs()[i][t],
                                        1e-12,
                                        what + " old");
                                assertEquals(
                                        p.refLogProbs()[i][t],
                                        q.refLogProbs()[i][t],
                                        1e-12,
                                        what + " ref");
                            }
                        }
                        assertEquals(
                                p.entropy().mean(), q.entropy().mean(), 1e-12, what + " entropy");
                        assertTrue(
                                java.util.Arrays.stream(p.samplerWeights())
                                        .flatMapToDouble(java.util.Arrays::stream)
                                        .anyMatch(w -> w > 0 && w < 0.99),
                                what + ": weights must differ from 1");
                        LossMetrics x = plain.accumulate(p, all);
                        LossMetrics y = lean.accumulate(p, all); // the same inputs for both
                        assertEquals(x.loss(), y.loss(), 1e-12, what + " loss");
                        assertEquals(x.tokens(), y.tokens(), what + " tokens");
                        assertClose(TrainFixtures.gradients(a), TrainFixtures.gradients(b), what);
                    }
                }
            }
        }
    }

    @Test
    void recomputationAndChunksTrainALoraViewLikeThePlainPass() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            QwenModel base = TrainFixtures.model(3, DataType.FLOAT64, m);
            LoraAdapter x =
                    LoraAdapter.init(
                            base.config(),
                            LoraConfig.defaults().withRank(2),
                            4,
                            m,
                            DataType.FLOAT64);
            LoraAdapter y =
                    LoraAdapter.init(
                            base.config(),
                            LoraConfig.defaults().withRank(2),
                            4,
                            m,
                            DataType.FLOAT64);
            PolicyTrainerConfig cfg = TrainFixtures.config(0.1, 1e-2, 1, 4);
            RolloutBatch batch = TrainFixtures.batch(6, 2, 4);
            try (PolicyTrainer plain = new PolicyTrainer(base.withAdapter(x), cfg, m);
                    PolicyTrainer lean =
                            new PolicyTrainer(
                                    base.withAdapter(y),
                                    cfg.withMemory(new PassMemory(2, true)),
                                    m)) {
                for (int step = 0;
                        step < 2;
                        step++) { // the second step has B ≠ 0: A gets gradients too
                    StepMetrics s = plain.step(batch);
                    StepMetrics t = lean.step(batch);
                    assertEquals(s.losses().loss(), t.losses().loss(), 1e-10);
                    for (String n : x.parameters().keySet()) {
                        double[] u = x.parameters().get(n).toDoubleArray();
                        double[] v = y.parameters().get(n).toDoubleArray();
                        for (int i = 0; i < u.length; i++) {
                            assertEquals(u[i], v[i], 1e-10, n + "[" + i + "] after step " + step);
                        }
                    }
                }
                assertTrue(
                        base.trainableParameters().values().stream()
                                .noneMatch(ai.djl.ndarray.NDArray::hasGradient),
                        "the base must get no gradient");
            }
        }
    }
}
