package dev.agent0.rl.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two paths, one answer: autograd vs central finite differences (float64), and one micro-batch of B
 * vs k micro-batches of B/k with the mini-batch normaliser (float32, the training dtype).
 */
class LossGradientTest {
    static final int B = 4;
    static final int T = 6;
    static NDManager manager;

    @BeforeAll
    static void start() {
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    /** A seeded random batch: log-ratios in ±0.4 (so ρ crosses both clip bounds), partial masks. */
    record Data(
            double[] lpNew,
            double[] lpOld,
            double[] lpRef,
            double[] mask,
            double[] adv,
            double[] clipHigh) {
        static Data random(long seed) {
            Random r = new Random(seed);
            double[] lpNew = new double[B * T];
            double[] lpOld = new double[B * T];
            double[] lpRef = new double[B * T];
            double[] mask = new double[B * T];
            for (int i = 0; i < B * T; i++) {
                lpNew[i] = -0.1 - 3 * r.nextDouble();
                lpOld[i] = lpNew[i] - 0.8 * (r.nextDouble() - 0.5);
                lpRef[i] = lpNew[i] + 2 * (r.nextDouble() - 0.5);
                // Prompt-like prefix masked out, lengths vary per row.
                mask[i] = (i % T) >= (i / T) % 3 ? 1 : 0;
            }
            return new Data(
                    lpNew,
                    lpOld,
                    lpRef,
                    mask,
                    new double[] {1.3, -0.7, -2.1, 0.4},
                    new double[] {0.3, 0.25, 0.2, 0.2});
        }
    }

    static PolicyLossConfig config(LossAggregation agg) {
        return PolicyLossConfig.defaults()
                .withDualClip(1.5)
                .withKl(0.05, KlEstimator.K3)
                .withAggregation(agg);
    }

    static NDArray bt(NDManager m, double[] x, DataType dt) {
        return m.create(x, new Shape(B, T)).toType(dt, false);
    }

    /** The loss value at {@code lpNew}, float64, no autograd. */
    static double lossAt(PolicyLoss loss, Data d, double[] lpNew) {
        try (NDManager m = manager.newSubManager()) {
            NDArray mask = bt(m, d.mask(), DataType.FLOAT64);
            PolicyBatch batch =
                    PolicyBatch.of(
                                    bt(m, lpNew, DataType.FLOAT64),
                                    bt(m, d.lpOld(), DataType.FLOAT64),
                                    mask,
                                    m.create(d.adv()),
                                    m.create(d.clipHigh()))
                            .withReference(bt(m, d.lpRef(), DataType.FLOAT64));
            return loss.compute(batch, LossNormaliser.of(loss.config().aggregation(), mask, 8))
                    .metrics()
                    .loss();
        }
    }

    @ParameterizedTest
    @EnumSource(LossAggregation.class)
    void gradientMatchesFiniteDifferences(LossAggregation agg) {
        Data d = Data.random(7);
        try (NDManager m = manager.newSubManager();
                PolicyLoss loss = new PolicyLoss(config(agg), m)) {
            double[] analytic = gradients(loss, d, DataType.FLOAT64, 1);
            double h = 1e-6;
            double maxDiff = 0;
            int nonZero = 0;
            for (int i = 0; i < B * T; i++) {
                double[] plus = d.lpNew().clone();
                double[] minus = d.lpNew().clone();
                plus[i] += h;
                minus[i] -= h;
                double fd = (lossAt(loss, d, plus) - lossAt(loss, d, minus)) / (2 * h);
                maxDiff = Math.max(maxDiff, Math.abs(fd - analytic[i]));
                assertEquals(fd, analytic[i], 1e-7, "∂loss/∂lpNew[" + i + "], " + agg);
                nonZero += analytic[i] != 0 ? 1 : 0;
            }
            // The case must exercise the gradient, not just zeros.
            assertTrue(nonZero >= 10, "only " + nonZero + " non-zero gradients");
        }
    }

    @ParameterizedTest
    @EnumSource(LossAggregation.class)
    void microBatchesAddUpToTheMiniBatch(LossAggregation agg) {
        Data d = Data.random(11);
        try (NDManager m = manager.newSubManager();
                PolicyLoss loss = new PolicyLoss(config(agg), m)) {
            double[] one = gradients(loss, d, DataType.FLOAT32, 1);
            for (int k : new int[] {2, 4}) {
                double[] split = gradients(loss, d, DataType.FLOAT32, k);
                double max = 0;
                for (int i = 0; i < one.length; i++) {
                    max = Math.max(max, Math.abs(one[i] - split[i]));
                }
                assertTrue(max <= 1e-6, agg + ", k = " + k + ": max |Δgrad| = " + max);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(LossAggregation.class)
    void microBatchMetricsAddUpToTheMiniBatch(LossAggregation agg) {
        Data d = Data.random(13);
        try (NDManager m = manager.newSubManager();
                PolicyLoss loss = new PolicyLoss(config(agg), m)) {
            LossMetrics one = metrics(loss, d, 1);
            LossMetrics two = metrics(loss, d, 2);
            assertEquals(one.loss(), two.loss(), 1e-12);
            assertEquals(one.kl(), two.kl(), 1e-12);
            assertEquals(one.tokens(), two.tokens());
            assertEquals(one.clippedLow(), two.clippedLow());
            assertEquals(one.clippedHigh(), two.clippedHigh());
            assertEquals(one.ratioMax(), two.ratioMax(), 0);
            // Log-ratios in ±0.4 cross ε = 0.2..0.3 somewhere: the clip is exercised.
            assertTrue(one.clippedLow() + one.clippedHigh() > 0, "no token clipped");
        }
    }

    @org.junit.jupiter.api.Test
    void gradientSurvivesGarbageCollectionBetweenForwardAndBackward() {
        // Regression guard for DJL's Number overloads (DJL-NOTES.md): a temporary constant freed
        // before backward gives wrong gradients or NaN after a GC. Constants here are long-lived.
        Data d = Data.random(17);
        try (NDManager m = manager.newSubManager();
                PolicyLoss loss = new PolicyLoss(config(LossAggregation.SEQ_MEAN_TOKEN_MEAN), m)) {
            double[] expected = gradients(loss, d, DataType.FLOAT32, 1);
            for (int i = 0; i < 20; i++) {
                try (NDManager step = manager.newSubManager()) {
                    NDArray leaf = bt(step, d.lpNew(), DataType.FLOAT32);
                    leaf.setRequiresGradient(true);
                    NDArray mask = bt(step, d.mask(), DataType.FLOAT32);
                    PolicyBatch batch =
                            PolicyBatch.of(
                                            leaf,
                                            bt(step, d.lpOld(), DataType.FLOAT32),
                                            mask,
                                            step.create(d.adv()).toType(DataType.FLOAT32, false),
                                            step.create(d.clipHigh())
                                                    .toType(DataType.FLOAT32, false))
                                    .withReference(bt(step, d.lpRef(), DataType.FLOAT32));
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray l =
                                loss.compute(
                                                batch,
                                                LossNormaliser.of(
                                                        loss.config().aggregation(), mask, 8))
                                        .loss();
                        System.gc();
                        gc.backward(l);
                    }
                    try (NDArray g = leaf.getGradient()) {
                        double[] got = g.toType(DataType.FLOAT64, false).toDoubleArray();
                        for (int j = 0; j < got.length; j++) {
                            assertEquals(
                                    expected[j], got[j], 0, "iteration " + i + ", element " + j);
                        }
                    }
                }
            }
        }
    }

    /** ∂loss/∂lpNew accumulated over k micro-batches of B/k rows, one collector each. */
    static double[] gradients(PolicyLoss loss, Data d, DataType dt, int k) {
        try (NDManager m = manager.newSubManager()) {
            NDArray leaf = bt(m, d.lpNew(), dt);
            leaf.setRequiresGradient(true);
            NDArray old = bt(m, d.lpOld(), dt);
            NDArray ref = bt(m, d.lpRef(), dt);
            NDArray mask = bt(m, d.mask(), dt);
            NDArray adv = m.create(d.adv()).toType(dt, false);
            NDArray clipHigh = m.create(d.clipHigh()).toType(dt, false);
            LossNormaliser norm = LossNormaliser.of(loss.config().aggregation(), mask, 8);
            int rows = B / k;
            for (int j = 0; j < k; j++) {
                NDIndex slice = new NDIndex("{}:{}", j * rows, (j + 1) * rows);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    PolicyBatch batch =
                            PolicyBatch.of(
                                            leaf.get(slice),
                                            old.get(slice),
                                            mask.get(slice),
                                            adv.get(slice),
                                            clipHigh.get(slice))
                                    .withReference(ref.get(slice));
                    gc.backward(loss.compute(batch, norm).loss());
                }
            }
            try (NDArray g = leaf.getGradient()) {
                return g.toType(DataType.FLOAT64, false).toDoubleArray();
            }
        }
    }

    static LossMetrics metrics(PolicyLoss loss, Data d, int k) {
        try (NDManager m = manager.newSubManager()) {
            NDArray lp = bt(m, d.lpNew(), DataType.FLOAT64);
            NDArray old = bt(m, d.lpOld(), DataType.FLOAT64);
            NDArray ref = bt(m, d.lpRef(), DataType.FLOAT64);
            NDArray mask = bt(m, d.mask(), DataType.FLOAT64);
            LossNormaliser norm = LossNormaliser.of(loss.config().aggregation(), mask, 8);
            LossMetrics total = null;
            int rows = B / k;
            for (int j = 0; j < k; j++) {
                NDIndex s = new NDIndex("{}:{}", j * rows, (j + 1) * rows);
                PolicyBatch batch =
                        PolicyBatch.of(
                                        lp.get(s),
                                        old.get(s),
                                        mask.get(s),
                                        m.create(d.adv()).get(s),
                                        m.create(d.clipHigh()).get(s))
                                .withReference(ref.get(s));
                LossMetrics part = loss.compute(batch, norm).metrics();
                total = total == null ? part : total.plus(part);
            }
            return total;
        }
    }
}
