package dev.agent0.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.agent0.core.generate.PassMemory;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.runtime.NoGradient;
import dev.agent0.rl.loss.LossMetrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An on-policy update (one epoch, one mini-batch, no sampler correction) runs no separate scoring
 * pass: its old log-probs and entropies come from the training forward. Checked against the update
 * fed with old log-probs and entropies from a separate whole-sequence scoring pass: the same loss,
 * gradients, entropy and sampler statistics (float64, to rounding), for the plain and the lean
 * passes. Off-policy configurations keep the scoring pass.
 */
class OnPolicyPassTest {
    @BeforeAll
    static void init() {
        TrainFixtures.init();
    }

    @Test
    void onlyTheOnPolicyConfigurationSkipsTheScoringPass() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            QwenModel model = TrainFixtures.model(3, DataType.FLOAT64, m);
            RolloutBatch batch = TrainFixtures.batch(5, 2, 4);
            PolicyTrainerConfig on = TrainFixtures.config(0.1, 1e-3, 1, 3);
            for (PolicyTrainerConfig c :
                    List.of(
                            on,
                            on.withBatching(1, 2, 3),
                            on.withBatching(2, 1, 3),
                            on.withSamplerCorrection(2))) {
                try (PolicyTrainer trainer = new PolicyTrainer(model, c, m)) {
                    PolicyTrainer.Prepared p = trainer.prepare(batch);
                    boolean expected = c == on;
                    assertEquals(expected, trainer.onPolicy(), c.toString());
                    assertEquals(expected, p.oldFromTrainingPass());
                    if (!expected) {
                        assertTrue(p.oldLogProbs()[0][4] != 0, "scored before the update");
                    }
                }
            }
        }
    }

    @Test
    void theTrainingForwardGivesTheOldLogProbsAndEntropyOfAScoringPass() {
        for (PassMemory memory : List.of(PassMemory.none(), new PassMemory(2, true))) {
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                QwenModel a = TrainFixtures.model(3, DataType.FLOAT64, m);
                QwenModel b = TrainFixtures.model(3, DataType.FLOAT64, m);
                PolicyTrainerConfig cfg = TrainFixtures.config(0.1, 1e-3, 1, 3).withMemory(memory);
                RolloutBatch batch = TrainFixtures.batch(5, 2, 4);
                int[] all = ModelPasses.range(0, batch.size());
                try (PolicyTrainer fused = new PolicyTrainer(a, cfg, m);
                        PolicyTrainer separate = new PolicyTrainer(b, cfg, m)) {
                    // Move both policies off their references (copied at construction): KL > 0.
                    for (QwenModel model : List.of(a, b)) {
                        NoGradient.run(() -> model.parameters().values().forEach(w -> w.muli(1.1)));
                    }
                    PolicyTrainer.Prepared p = fused.prepare(batch);
                    assertTrue(p.oldFromTrainingPass());
                    // The separate pass: every position of every sequence, no first-token cut.
                    ModelPasses.Scores s =
                            ModelPasses.score(b, p.tokens(), 3, true, PassMemory.none());
                    ModelPasses.Scores ref =
                            ModelPasses.score(
                                    separate.reference(), p.tokens(), 3, false, PassMemory.none());
                    TokenEntropy entropy = new TokenEntropy();
                    for (int i = 0; i < batch.size(); i++) {
                        entropy.add(
                                s.entropies()[i], new int[] {i}, p.mask(), 0, p.mask()[i].length);
                    }
                    PolicyTrainer.Prepared q =
                            new PolicyTrainer.Prepared(
                                    p.tokens(),
                                    p.mask(),
                                    p.firstScored(),
                                    p.advantages(),
                                    p.clipHigh(),
                                    s.logProbs(),
                                    false,
                                    ref.logProbs(),
                                    new TokenEntropy(),
                                    null);
                    LossMetrics x = fused.accumulate(p, all);
                    LossMetrics y = separate.accumulate(q, all);
                    String what = memory.toString();
                    assertEquals(y.loss(), x.loss(), 1e-12, what + " loss");
                    assertTrue(y.kl() > 0, "β > 0: a KL term to compare");
                    assertEquals(y.kl(), x.kl(), 1e-12, what + " kl");
                    assertEquals(0, x.clipFraction(), what + ": ρ is exactly 1");
                    assertEquals(entropy.mean(), p.entropy().mean(), 1e-12, what + " entropy");
                    assertTrue(entropy.mean() > 0);
                    for (int i = 0; i < batch.size(); i++) {
                        for (int t = 0; t < p.mask()[i].length; t++) {
                            if (p.mask()[i][t] > 0) {
                                assertEquals(s.logProbs()[i][t], p.oldLogProbs()[i][t], 1e-12);
                                assertEquals(ref.logProbs()[i][t], p.refLogProbs()[i][t], 1e-12);
                            }
                        }
                    }
                    Map<String, double[]> ga = TrainFixtures.gradients(a);
                    Map<String, double[]> gb = TrainFixtures.gradients(b);
                    double largest = 0;
                    for (String n : ga.keySet()) {
                        for (int i = 0; i < ga.get(n).length; i++) {
                            largest = Math.max(largest, Math.abs(gb.get(n)[i]));
                            assertEquals(
                                    gb.get(n)[i],
                                    ga.get(n)[i],
                                    1e-10 * Math.max(1, Math.abs(gb.get(n)[i])),
                                    what + " " + n + "[" + i + "]");
                        }
                    }
                    assertTrue(largest > 1e-4, "gradients should not vanish");
                }
            }
        }
    }
}
