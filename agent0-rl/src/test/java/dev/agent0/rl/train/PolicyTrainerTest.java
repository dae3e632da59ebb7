package dev.agent0.rl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import dev.agent0.core.model.QwenModel;
import dev.agent0.rl.loss.LossAggregation;
import dev.agent0.rl.loss.LossMetrics;
import dev.agent0.rl.loss.LossNormaliser;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PolicyTrainerTest {
    @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp;

    @BeforeAll
    static void init() {
        TrainFixtures.init();
    }

    /** Σ over micro-batches of the loss with grad mode off (what backward differentiates). */
    private static double lossValue(
            PolicyTrainer trainer, PolicyTrainer.Prepared p, int[] all, int micro) {
        LossNormaliser norm = trainer.normaliser(p, all);
        double sum = 0;
        for (int s = 0; s < all.length; s += micro) {
            int[] part = java.util.Arrays.copyOfRange(all, s, Math.min(all.length, s + micro));
            try (NDManager m = trainer.policy().newManager()) {
                sum += trainer.microBatchLoss(m, p, part, norm).metrics().loss();
            }
        }
        return sum;
    }

    /**
     * Old and reference log-probs moved off the current policy so ρ ≠ 1 and KL ≠ 0 (some tokens
     * clipped), and sampler importance weights ≠ 1.
     */
    private static PolicyTrainer.Prepared perturbed(PolicyTrainer.Prepared p, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] old = new double[p.oldLogProbs().length][];
        double[][] ref = new double[old.length][];
        for (int i = 0; i < old.length; i++) {
            old[i] = p.oldLogProbs()[i].clone();
            ref[i] = p.refLogProbs()[i].clone();
            for (int t = 1; t < old[i].length; t++) {
                old[i][t] += 0.6 * (rng.nextDouble() - 0.5);
                ref[i][t] += 0.8 * (rng.nextDouble() - 0.5);
            }
        }
        // Truncated importance weights in [0.25, 2], constants of the loss.
        double[][] weights = new double[old.length][];
        for (int i = 0; i < old.length; i++) {
            weights[i] = new double[old[i].length];
            for (int t = 0; t < old[i].length; t++) {
                weights[i][t] = 0.25 + 1.75 * rng.nextDouble();
            }
        }
        return new PolicyTrainer.Prepared(
                p.tokens(),
                p.mask(),
                p.firstScored(),
                p.advantages(),
                p.clipHigh(),
                old,
                false,
                ref,
                p.entropy(),
                new SamplerCorrection(weights, new StepMetrics.Sampler(0, 0, 0, 0), 0));
    }

    @Test
    void fullLossGradientThroughTheModelMatchesFiniteDifferences() {
        for (LossAggregation agg :
                new LossAggregation[] {
                    LossAggregation.TOKEN_MEAN, LossAggregation.SEQ_MEAN_TOKEN_MEAN
                }) {
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                QwenModel model = TrainFixtures.model(3, DataType.FLOAT64, m);
                PolicyTrainerConfig cfg = TrainFixtures.config(0.1, 1e-3, 1, 3);
                cfg = cfg.withLoss(cfg.loss().withAggregation(agg));
                try (PolicyTrainer trainer = new PolicyTrainer(model, cfg, m)) {
                    RolloutBatch batch = TrainFixtures.batch(5, 2, 4);
                    PolicyTrainer.Prepared p = perturbed(trainer.prepare(batch), 11);
                    int[] all = ModelPasses.range(0, batch.size());
                    LossMetrics lm = trainer.accumulate(p, all);
                    assertTrue(lm.clipFraction() > 0, "the perturbation should activate clipping");
                    assertTrue(lm.kl() > 0, "KL to the perturbed reference should be positive");
                    assertEquals(lm.loss(), lossValue(trainer, p, all, 3), 1e-12);
                    Map<String, double[]> grads = TrainFixtures.gradients(model);
                    ModelPasses.zeroGradients(model.parameters());
                    JniUtils.setGradMode(false);
                    SplittableRandom rng = new SplittableRandom(2);
                    int perParameter =
                            agg == LossAggregation.TOKEN_MEAN ? 2 : 1; // keeps the test short
                    int checked = 0;
                    double worst = 0;
                    for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
                        NDArray param = e.getValue();
                        double[] v = param.toDoubleArray();
                        for (int k = 0; k < perParameter; k++) {
                            int i = rng.nextInt(v.length);
                            double h = 1e-6;
                            double orig = v[i];
                            v[i] = orig + h;
                            param.set(v);
                            double up = lossValue(trainer, p, all, 3);
                            v[i] = orig - h;
                            param.set(v);
                            double down = lossValue(trainer, p, all, 3);
                            v[i] = orig;
                            param.set(v);
                            double fd = (up - down) / (2 * h);
                            double ad = grads.get(e.getKey())[i];
                            double err = Math.abs(fd - ad) / Math.max(1e-4, Math.abs(fd));
                            worst = Math.max(worst, err);
                            assertTrue(
                                    err < 1e-5,
                                    agg
                                            + " "
                                            + e.getKey()
                                            + "["
                                            + i
                                            + "]: autograd "
                                            + ad
                                            + ", finite differences "
                                            + fd);
                            checked++;
                        }
                    }
                    JniUtils.setGradMode(true);
                    System.out.printf(
                            "%s: %d entries checked, worst relative error %.2g%n",
                            agg, checked, worst);
                    assertEquals(perParameter * model.parameters().size(), checked);
                }
                model.close();
            }
        }
    }

    @Test
    void oneMicroBatchOfEightEqualsFourMicroBatchesOfTwo() {
        for (LossAggregation agg :
                new LossAggregation[] {
                    LossAggregation.TOKEN_MEAN,
                    LossAggregation.SEQ_MEAN_TOKEN_MEAN,
                    LossAggregation.DR_GRPO
                }) {
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                QwenModel model = TrainFixtures.model(4, DataType.FLOAT32, m);
                RolloutBatch batch = TrainFixtures.batch(6, 2, 4);
                Map<String, double[]> whole;
                Map<String, double[]> split;
                int[] all = ModelPasses.range(0, batch.size());
                PolicyTrainerConfig base = TrainFixtures.config(0.1, 1e-3, 1, 8);
                base = base.withLoss(base.loss().withAggregation(agg));
                PolicyTrainer.Prepared p;
                try (PolicyTrainer a = new PolicyTrainer(model, base, m)) {
                    p = perturbed(a.prepare(batch), 3);
                    a.accumulate(p, all);
                    whole = TrainFixtures.gradients(model);
                    ModelPasses.zeroGradients(model.parameters());
                }
                try (PolicyTrainer b = new PolicyTrainer(model, base.withBatching(1, 1, 2), m)) {
                    b.accumulate(p, all);
                    split = TrainFixtures.gradients(model);
                    ModelPasses.zeroGradients(model.parameters());
                }
                double worst = 0;
                double largest = 0;
                for (String name : whole.keySet()) {
                    double[] x = whole.get(name);
                    double[] y = split.get(name);
                    for (int i = 0; i < x.length; i++) {
                        worst = Math.max(worst, Math.abs(x[i] - y[i]));
                        largest = Math.max(largest, Math.abs(x[i]));
                    }
                }
                System.out.printf(
                        "%s: max |grad(1x8) - grad(4x2)| = %.2g (largest gradient %.2g)%n",
                        agg, worst, largest);
                assertTrue(largest > 1e-3, "gradients should not all vanish");
                assertTrue(worst < 1e-6, agg + ": accumulation changed a gradient by " + worst);
                model.close();
            }
        }
    }

    @Test
    void clipFractionIsZeroOnPolicyAndNonZeroWithTwoMiniBatches() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            RolloutBatch batch = TrainFixtures.batch(8, 2, 4);
            QwenModel one = TrainFixtures.model(5, DataType.FLOAT32, m);
            try (PolicyTrainer t = new PolicyTrainer(one, TrainFixtures.config(0, 0.05, 1, 4), m)) {
                assertNull(t.reference(), "β = 0 must not build a reference model");
                StepMetrics s = t.step(batch);
                assertEquals(0, s.clipping().fraction());
                assertEquals(1, s.clipping().ratioMin(), 1e-5);
                assertEquals(1, s.clipping().ratioMax(), 1e-5);
                assertEquals(0, s.losses().kl());
                assertEquals(1, s.updates().updates());
                assertTrue(
                        s.losses().entropy() > 0 && s.losses().entropy() < Math.log(11) + 1e-9,
                        "entropy " + s.losses().entropy());
            }
            QwenModel two = TrainFixtures.model(5, DataType.FLOAT32, m);
            try (PolicyTrainer t = new PolicyTrainer(two, TrainFixtures.config(0, 0.05, 2, 4), m)) {
                StepMetrics s = t.step(batch);
                System.out.println("two mini-batches: " + s);
                assertEquals(2, s.updates().updates());
                assertTrue(s.clipping().fraction() > 0, "clip fraction " + s.clipping().fraction());
                assertTrue(
                        s.clipping().ratioMax() > 1 + 1e-3 || s.clipping().ratioMin() < 1 - 1e-3);
            }
        }
    }

    @Test
    void adpoRefusesABatchWithoutPHatAndGrpoTrainsOnIt() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            RolloutBatch withPHat = TrainFixtures.batch(8, 2, 4);
            RolloutBatch without = RolloutBatch.withoutPHat(withPHat.sequences());
            QwenModel model = TrainFixtures.model(5, DataType.FLOAT32, m);
            try (PolicyTrainer adpo =
                    new PolicyTrainer(model, TrainFixtures.config(0, 0.05, 1, 4), m)) {
                IllegalArgumentException e =
                        org.junit.jupiter.api.Assertions.assertThrows(
                                IllegalArgumentException.class, () -> adpo.step(without));
                assertTrue(e.getMessage().contains("ADPO needs each group's p̂"), e.getMessage());
            }
            PolicyTrainerConfig grpo =
                    TrainFixtures.config(0, 0.05, 1, 4)
                            .withEstimator(dev.agent0.rl.advantage.AdvantageEstimator.GRPO);
            try (PolicyTrainer t =
                    new PolicyTrainer(TrainFixtures.model(5, DataType.FLOAT32, m), grpo, m)) {
                assertEquals(0, t.step(without).updates().skippedUpdates());
            }
        }
    }

    @Test
    void nanLossSkipsTheUpdateAndLeavesWeightsAndOptimizerUntouched() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            QwenModel model = TrainFixtures.model(6, DataType.FLOAT32, m);
            try (PolicyTrainer t =
                    new PolicyTrainer(model, TrainFixtures.config(0.05, 1e-2, 1, 4), m)) {
                NDArray embed = model.parameters().get("model.embed_tokens.weight");
                Map<String, float[]> before = TrainFixtures.snapshot(model);
                float[] poisoned = before.get("model.embed_tokens.weight").clone();
                int hidden = (int) embed.getShape().get(1);
                poisoned[TrainFixtures.UNUSED_TOKEN * hidden] = Float.NaN;
                JniUtils.setGradMode(false);
                embed.set(poisoned);
                JniUtils.setGradMode(true);
                RolloutBatch clean = TrainFixtures.batch(9, 2, 4);
                RolloutBatch.Sequence s0 = clean.sequences().get(0);
                int[] tokens = s0.tokens().clone();
                tokens[1] =
                        TrainFixtures.UNUSED_TOKEN; // every later position sees the NaN embedding
                java.util.List<RolloutBatch.Sequence> seqs =
                        new java.util.ArrayList<>(clean.sequences());
                seqs.set(
                        0,
                        new RolloutBatch.Sequence(
                                tokens,
                                s0.lossMask(),
                                s0.samplingLogProbs(),
                                s0.group(),
                                s0.reward()));
                StepMetrics s = t.step(new RolloutBatch(seqs, clean.pHat()));
                assertEquals(1, s.updates().skippedUpdates());
                assertTrue(Double.isNaN(s.losses().loss()));
                assertEquals(0, t.optimizer().steps());
                assertEquals(1, t.state().skippedUpdates());
                Map<String, float[]> after = TrainFixtures.snapshot(model);
                after.get("model.embed_tokens.weight")[TrainFixtures.UNUSED_TOKEN * hidden] =
                        before.get("model.embed_tokens.weight")[
                                TrainFixtures.UNUSED_TOKEN * hidden];
                for (String name : before.keySet()) {
                    assertArrayEquals(
                            before.get(name), after.get(name), name + " changed on a skipped step");
                }
                // A poisoned model never reaches a checkpoint.
                java.nio.file.Path ckpt = tmp.resolve("nan-ckpt");
                IllegalStateException refused =
                        org.junit.jupiter.api.Assertions.assertThrows(
                                IllegalStateException.class, () -> t.save(ckpt, null));
                assertTrue(
                        refused.getMessage().contains("model.embed_tokens.weight"),
                        refused.getMessage());
                assertFalse(java.nio.file.Files.exists(ckpt));
                // Repair the row; the next clean step trains normally (no stale NaN gradient left
                // over).
                JniUtils.setGradMode(false);
                embed.set(before.get("model.embed_tokens.weight"));
                JniUtils.setGradMode(true);
                StepMetrics ok = t.step(clean);
                assertEquals(0, ok.updates().skippedUpdates());
                assertEquals(1, t.optimizer().steps());
                assertTrue(
                        Double.isFinite(ok.losses().loss())
                                && Double.isFinite(ok.updates().gradNorm()));
                for (float[] v : TrainFixtures.snapshot(model).values()) {
                    for (float x : v) {
                        assertTrue(Float.isFinite(x));
                    }
                }
                assertFalse(
                        java.util.Arrays.equals(
                                before.get("model.embed_tokens.weight"),
                                TrainFixtures.snapshot(model).get("model.embed_tokens.weight")));
            }
        }
    }

    @Test
    void liveArrayCountStaysFlatAcrossSteps() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            QwenModel model = TrainFixtures.model(13, DataType.FLOAT32, m);
            try (PolicyTrainer t =
                    new PolicyTrainer(model, TrainFixtures.config(0.05, 1e-2, 2, 3), m)) {
                t.step(TrainFixtures.batch(30, 2, 4));
                int live = m.getManagedArrays().size();
                for (int i = 0; i < 5; i++) {
                    t.step(TrainFixtures.batch(31 + i, 2, 4));
                }
                assertEquals(live, m.getManagedArrays().size(), "arrays leaked per step");
                assertTrue(
                        live > model.parameters().size(), "the count should include the weights");
            }
        }
    }

    @Test
    void splitGivesNearlyEqualContiguousMiniBatches() {
        var parts = MiniBatches.split(new int[] {4, 0, 3, 1, 2}, 2);
        assertArrayEquals(new int[] {4, 0, 3}, parts.get(0));
        assertArrayEquals(new int[] {1, 2}, parts.get(1));
        IllegalArgumentException e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class, () -> MiniBatches.split(new int[] {0}, 2));
        assertTrue(e.getMessage().contains("miniBatches"));
    }

    /**
     * Regression: the reference of full fine-tuning was the policy's own storage (a same-dtype
     * "copy" shared it), so it moved with every update and the KL term was always 0.
     */
    @Test
    void fullFineTuningReferenceStaysFrozenSoTheKlGrowsAfterAnUpdate() {
        for (DataType dtype : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                RolloutBatch batch = TrainFixtures.batch(8, 2, 4);
                QwenModel model = TrainFixtures.model(5, dtype, m);
                try (PolicyTrainer t =
                        new PolicyTrainer(model, TrainFixtures.config(0.1, 0.05, 1, 4), m)) {
                    Map<String, double[]> before = TrainFixtures.values(t.reference());
                    StepMetrics first = t.step(batch);
                    assertEquals(
                            0, first.losses().kl(), 1e-12, "no update yet: policy = reference");
                    StepMetrics second = t.step(batch);
                    assertTrue(second.losses().kl() > 1e-6, dtype + ": KL " + second.losses().kl());
                    Map<String, double[]> after = TrainFixtures.values(t.reference());
                    Map<String, double[]> policy = TrainFixtures.values(model);
                    boolean moved = false;
                    for (String n : before.keySet()) {
                        assertArrayEquals(before.get(n), after.get(n), n + " of the reference");
                        moved |= !java.util.Arrays.equals(before.get(n), policy.get(n));
                    }
                    assertTrue(moved, "the policy itself trained");
                }
            }
        }
    }
}
