package dev.agent0.rl.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hand-derived cases for the clipped loss, dual-clip, KL estimators and every aggregation mode.
 *
 * <p>The main case, B = 2, T = 3, ε_low = 0.2 (per-token ℓ derived in the comments):
 *
 * <pre>
 *   seq 0: Ã = +1, ε_high = 0.2, ρ = {1.5, 1.1, 1.0}, mask {1, 1, 0}
 *          ℓ = max(−ρ, −clip ρ): ρ 1.5 → clip 1.2 → max(−1.5, −1.2) = −1.2 (high clip); 1.1 → −1.1
 *   seq 1: Ã = −2, ε_high = 0.3, ρ = {0.5, 0.9, 1.5}, mask {1, 1, 1}
 *          ρ 0.5 → clip 0.8 → max(1.0, 1.6) = 1.6 (low clip); 0.9 → 1.8; 1.5 → clip 1.3 → max(3.0, 2.6) = 3.0
 *   Σ = −1.2 − 1.1 + 1.6 + 1.8 + 3.0 = 4.1 over 5 tokens.
 * </pre>
 */
class PolicyLossTest {
    static final double[][] OLD = {{-1.0, -2.0, -0.5}, {-1.5, -0.7, -3.0}};
    static final double[][] RATIO = {{1.5, 1.1, 1.0}, {0.5, 0.9, 1.5}};
    static final double[][] MASK = {{1, 1, 0}, {1, 1, 1}};
    static final double[] ADV = {1, -2};
    static final double[] CLIP_HIGH = {0.2, 0.3};

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

    static NDArray matrix(NDManager m, double[][] x, DataType dt) {
        double[] flat = new double[x.length * x[0].length];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, flat, i * x[0].length, x[0].length);
        }
        return m.create(flat, new Shape(x.length, x[0].length)).toType(dt, false);
    }

    static double[][] newLogProbs() {
        double[][] lp = new double[2][3];
        for (int i = 0; i < 2; i++) {
            for (int t = 0; t < 3; t++) {
                lp[i][t] = OLD[i][t] + Math.log(RATIO[i][t]);
            }
        }
        return lp;
    }

    /** Loss and gradient w.r.t. the new log-probs of the main case under {@code config}. */
    record Outcome(LossMetrics metrics, double[] grad) {}

    static Outcome run(PolicyLossConfig config, double[][] lpNew, double[][] ref, int maxLength) {
        return run(config, lpNew, ref, maxLength, null);
    }

    static Outcome run(
            PolicyLossConfig config,
            double[][] lpNew,
            double[][] ref,
            int maxLength,
            double[][] weights) {
        try (NDManager m = manager.newSubManager();
                PolicyLoss loss = new PolicyLoss(config, m)) {
            NDArray leaf = matrix(m, lpNew, DataType.FLOAT64);
            leaf.setRequiresGradient(true);
            NDArray mask = matrix(m, MASK, DataType.FLOAT64);
            PolicyBatch batch =
                    PolicyBatch.of(
                            leaf,
                            matrix(m, OLD, DataType.FLOAT64),
                            mask,
                            m.create(ADV),
                            m.create(CLIP_HIGH));
            if (ref != null) {
                batch = batch.withReference(matrix(m, ref, DataType.FLOAT64));
            }
            if (weights != null) {
                batch = batch.withTokenWeights(matrix(m, weights, DataType.FLOAT64));
            }
            LossNormaliser norm = LossNormaliser.of(config.aggregation(), mask, maxLength);
            LossMetrics metrics;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                PolicyLossResult r = loss.compute(batch, norm);
                metrics = r.metrics();
                gc.backward(r.loss());
            }
            try (NDArray g = leaf.getGradient()) {
                return new Outcome(metrics, g.toDoubleArray());
            }
        }
    }

    static PolicyLossConfig noKl() {
        return PolicyLossConfig.defaults().withKl(0, KlEstimator.K3);
    }

    @Test
    void tokenMeanMatchesHandDerivedLossAndGradient() {
        Outcome o = run(noKl(), newLogProbs(), null, 0);
        assertEquals(4.1 / 5, o.metrics().loss(), 1e-12);
        assertEquals(4.1 / 5, o.metrics().pgLoss(), 1e-12);
        // ∂ℓ/∂log π = ∂ℓ/∂ρ · ρ = −Ã·ρ where the unclipped term is active, 0 where clipped.
        assertArrayEquals(new double[] {0, -1.1 / 5, 0, 0, 1.8 / 5, 3.0 / 5}, o.grad(), 1e-12);
    }

    @Test
    void seqMeanTokenMeanAveragesPerSequenceMeans() {
        // (−2.3/2 + 6.4/3)/2; gradients divided by tokens of their sequence and by B = 2.
        Outcome o =
                run(
                        noKl().withAggregation(LossAggregation.SEQ_MEAN_TOKEN_MEAN),
                        newLogProbs(),
                        null,
                        0);
        assertEquals((-2.3 / 2 + 6.4 / 3) / 2, o.metrics().loss(), 1e-12);
        assertArrayEquals(new double[] {0, -1.1 / 4, 0, 0, 1.8 / 6, 3.0 / 6}, o.grad(), 1e-12);
    }

    @Test
    void seqMeanTokenSumDividesBySequences() {
        Outcome o =
                run(
                        noKl().withAggregation(LossAggregation.SEQ_MEAN_TOKEN_SUM),
                        newLogProbs(),
                        null,
                        0);
        assertEquals(4.1 / 2, o.metrics().loss(), 1e-12);
        assertArrayEquals(new double[] {0, -1.1 / 2, 0, 0, 1.8 / 2, 3.0 / 2}, o.grad(), 1e-12);
    }

    @Test
    void drGrpoDividesBySequencesTimesMaxLength() {
        // 4.1/(2·4) with max length 4.
        Outcome o = run(noKl().withAggregation(LossAggregation.DR_GRPO), newLogProbs(), null, 4);
        assertEquals(4.1 / 8, o.metrics().loss(), 1e-12);
        assertArrayEquals(new double[] {0, -1.1 / 8, 0, 0, 1.8 / 8, 3.0 / 8}, o.grad(), 1e-12);
    }

    @Test
    void clipFractionsCountLowAndHighSeparately() {
        LossMetrics m = run(noKl(), newLogProbs(), null, 0).metrics();
        assertEquals(5, m.tokens());
        assertEquals(1, m.clippedLow());
        assertEquals(1, m.clippedHigh());
        assertEquals(0.4, m.clipFraction(), 1e-15);
        assertEquals(0.5, m.ratioMin(), 1e-12);
        assertEquals(1.5, m.ratioMax(), 1e-12);
        assertEquals((1.5 + 1.1 + 0.5 + 0.9 + 1.5) / 5, m.ratioMean(), 1e-12);
    }

    @Test
    void dualClipCapsNegativeAdvantageLoss() {
        // c = 1.4: cap −c·Ã = 2.8 for seq 1; its ρ = 1.5 token drops from 3.0 to 2.8, gradient 0.
        Outcome o = run(noKl().withDualClip(1.4), newLogProbs(), null, 0);
        assertEquals(3.9 / 5, o.metrics().loss(), 1e-12);
        assertEquals(1, o.metrics().dualClipped());
        assertArrayEquals(new double[] {0, -1.1 / 5, 0, 0, 1.8 / 5, 0}, o.grad(), 1e-12);
    }

    @Test
    void tokenWeightsScaleEachTokensPolicyLossAndGradient() {
        // Truncated importance weights w (constants): Σ w·ℓ = 0.5·(−1.2) + 2·(−1.1) + 1·1.6
        // + 0.25·1.8 + 1.5·3.0 = 3.75 over 5 tokens (the masked 7.0 does not count). Gradient
        // w·∂ℓ/∂log π_new / 5: the clipped tokens stay 0; −1.1·2, 2·0.9·0.25, 2·1.5·1.5.
        double[][] w = {{0.5, 2.0, 7.0}, {1.0, 0.25, 1.5}};
        Outcome o = run(noKl(), newLogProbs(), null, 0, w);
        assertEquals(3.75 / 5, o.metrics().loss(), 1e-12);
        assertArrayEquals(new double[] {0, -0.44, 0, 0, 0.09, 0.9}, o.grad(), 1e-12);
    }

    @Test
    void tokenWeightsDoNotWeightTheKlTerm() {
        // Ã = 0 isolates the KL: weights of 2 everywhere leave k3 unchanged.
        double[][] ref = {{OLD[0][0] + 0.5, OLD[0][1] - 0.5, OLD[0][2]}, OLD[1].clone()};
        double[] savedAdv = ADV.clone();
        ADV[0] = 0;
        ADV[1] = 0;
        try {
            PolicyLossConfig c = PolicyLossConfig.defaults().withKl(1, KlEstimator.K3);
            double plain = run(c, OLD, ref, 0).metrics().loss();
            double weighted =
                    run(c, OLD, ref, 0, new double[][] {{2, 2, 2}, {2, 2, 2}}).metrics().loss();
            assertEquals((0.1487212707 + 0.1065306597) / 5, plain, 1e-9);
            assertEquals(plain, weighted, 1e-15);
        } finally {
            System.arraycopy(savedAdv, 0, ADV, 0, ADV.length);
        }
    }

    @Test
    void clipFractionIsZeroWhenRatioIsOne() {
        // On-policy (new = old): ρ ≡ 1, ℓ = −Ã, Σ = −1·2 + 2·3 = 4 over 5 tokens.
        Outcome o = run(noKl(), OLD, null, 0);
        assertEquals(0, o.metrics().clipFraction());
        assertEquals(1, o.metrics().ratioMin(), 0);
        assertEquals(1, o.metrics().ratioMax(), 0);
        assertEquals(4.0 / 5, o.metrics().loss(), 1e-12);
        assertArrayEquals(new double[] {-0.2, -0.2, 0, 0.4, 0.4, 0.4}, o.grad(), 1e-12);
    }

    /**
     * Reference log-probs with d = ref − new = {{d0, d1, d2}, {0, 0, 0}}; Ã = 0 isolates the KL.
     */
    static Outcome klOnly(PolicyLossConfig config, double d0, double d1, double d2) {
        double[][] lpNew = OLD;
        double[][] ref = {{OLD[0][0] + d0, OLD[0][1] + d1, OLD[0][2] + d2}, OLD[1].clone()};
        double[] savedAdv = ADV.clone();
        ADV[0] = 0;
        ADV[1] = 0;
        try {
            return run(config, lpNew, ref, 0);
        } finally {
            System.arraycopy(savedAdv, 0, ADV, 0, ADV.length);
        }
    }

    @Test
    void k3MatchesHandValuesAndGradient() {
        // d = {0.5, −0.5} on the two unmasked tokens of seq 0, 0 on seq 1's three tokens.
        // k3 = e^0.5 − 1.5 = 0.1487212707, e^−0.5 − 0.5 = 0.1065306597; mean over 5 tokens.
        double k0 = Math.exp(0.5) - 1.5;
        double k1 = Math.exp(-0.5) - 0.5;
        Outcome o = klOnly(PolicyLossConfig.defaults().withKl(0.5, KlEstimator.K3), 0.5, -0.5, 9);
        assertEquals(0.1487212707, k0, 1e-10);
        assertEquals((k0 + k1) / 5, o.metrics().kl(), 1e-12);
        assertEquals(0.5 * (k0 + k1) / 5, o.metrics().loss(), 1e-12);
        assertEquals(0, o.metrics().pgLoss(), 0);
        // ∂k3/∂log π_new = −(e^d − 1), times β/5.
        double s = 0.5 / 5;
        assertArrayEquals(
                new double[] {-(Math.exp(0.5) - 1) * s, -(Math.exp(-0.5) - 1) * s, 0, 0, 0, 0},
                o.grad(),
                1e-12);
    }

    @Test
    void k1AndK2MatchHandValues() {
        // k1 = −d: {−0.5, +0.5}, sum 0; k2 = d²/2: {0.125, 0.125}, mean over 5 tokens 0.05.
        Outcome k1 = klOnly(PolicyLossConfig.defaults().withKl(1, KlEstimator.K1), 0.5, -0.5, 0);
        assertEquals(0, k1.metrics().kl(), 1e-15);
        assertArrayEquals(new double[] {0.2, 0.2, 0, 0.2, 0.2, 0.2}, k1.grad(), 1e-12);
        Outcome k2 = klOnly(PolicyLossConfig.defaults().withKl(1, KlEstimator.K2), 0.5, -0.5, 0);
        assertEquals(0.25 / 5, k2.metrics().kl(), 1e-15);
        // ∂(d²/2)/∂log π_new = −d.
        assertArrayEquals(new double[] {-0.5 / 5, 0.5 / 5, 0, 0, 0, 0}, k2.grad(), 1e-12);
    }

    @Test
    void klLogRatioClampIsConfigurable() {
        // k1 with d = {30, 3}: verl's ±20 gives −20 − 3; a ±5 clamp gives −5 − 3.
        PolicyLossConfig k1 = PolicyLossConfig.defaults().withKl(1, KlEstimator.K1);
        assertEquals(-23.0 / 5, klOnly(k1, 30, 3, 0).metrics().kl(), 1e-12);
        Outcome clamped = klOnly(k1.withKlClamps(5, 10), 30, 3, 0);
        assertEquals(-8.0 / 5, clamped.metrics().kl(), 1e-12);
        // The clamped token passes no gradient.
        assertEquals(0, clamped.grad()[0], 0);
    }

    @Test
    void k3ValueIsClampedToTen() {
        // d = {3, −30}: k3 = e^3 − 4 = 16.09 → 10; d → −20: e^−20 + 19 → 10; both pass no gradient.
        Outcome o = klOnly(PolicyLossConfig.defaults().withKl(1, KlEstimator.K3), 3, -30, 0);
        assertEquals(20.0 / 5, o.metrics().kl(), 1e-12);
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0}, o.grad(), 0);
    }

    @Test
    void zeroAdvantageGivesNoPolicyGradient() {
        double[] saved = ADV.clone();
        ADV[0] = 0;
        ADV[1] = 0;
        try {
            Outcome o = run(noKl(), newLogProbs(), null, 0);
            assertArrayEquals(new double[6], o.grad(), 0);
        } finally {
            System.arraycopy(saved, 0, ADV, 0, ADV.length);
        }
    }

    @Test
    void misuseNamesTheProblem() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> run(PolicyLossConfig.defaults(), newLogProbs(), null, 0));
        assertTrue(e.getMessage().contains("refLogProbs missing"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> PolicyLossConfig.defaults().withDualClip(0.5));
        assertTrue(e.getMessage().startsWith("dualClip = 0.5"), e.getMessage());
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.zeros(new Shape(2, 3));
            e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () ->
                                    PolicyBatch.of(
                                            x,
                                            x,
                                            m.zeros(new Shape(2, 4)),
                                            m.zeros(new Shape(2)),
                                            m.zeros(new Shape(2))));
            assertTrue(e.getMessage().startsWith("mask has shape (2, 4)"), e.getMessage());
        }
    }
}
