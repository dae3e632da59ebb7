package dev.agent0.core.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.agent0.core.generate.LogProbScorer;
import dev.agent0.core.model.AttentionMasks;
import dev.agent0.core.model.Projection;
import dev.agent0.core.model.QwenConfig;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.model.TinyModels;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.NoGradient;
import dev.agent0.core.runtime.RuntimeOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** LoRA over a frozen base: identity at B = 0, merge, gradients, and the base left untouched. */
class LoraAdapterTest {
    static final List<int[]> SEQS = List.of(new int[] {1, 4, 2, 8, 5, 7}, new int[] {3, 9, 6});

    @BeforeAll
    static void init() {
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
    }

    /** Logits [B, T, V] of {@link #SEQS} as host floats, without a graph. */
    static float[] logits(QwenModel model, NDManager m) {
        boolean[][] keep = new boolean[SEQS.size()][6];
        long[] ids = new long[SEQS.size() * 6];
        for (int r = 0; r < SEQS.size(); r++) {
            for (int i = 0; i < SEQS.get(r).length; i++) {
                ids[r * 6 + i] = SEQS.get(r)[i];
                keep[r][i] = true;
            }
        }
        return NoGradient.call(
                () ->
                        model.logits(
                                        m.create(ids, new Shape(SEQS.size(), 6)),
                                        AttentionMasks.positions(m, keep),
                                        AttentionMasks.causal(m, keep, model.dtype()))
                                .toFloatArray());
    }

    /**
     * Sets every B of {@code adapter} to small seeded random values (a trained-looking adapter).
     */
    static void randomiseB(LoraAdapter adapter, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        NoGradient.run(
                () -> {
                    for (int l = 0; l < adapter.baseConfig().numHiddenLayers(); l++) {
                        for (Projection p : adapter.config().targets()) {
                            NDArray b = adapter.b(l, p);
                            double[] v = new double[(int) b.size()];
                            float[] f = new float[v.length];
                            for (int i = 0; i < v.length; i++) {
                                v[i] = 0.2 * (rng.nextDouble() - 0.5);
                                f[i] = (float) v[i];
                            }
                            if (b.getDataType() == DataType.FLOAT64) {
                                b.set(v);
                            } else {
                                b.set(f);
                            }
                        }
                    }
                });
    }

    @Test
    void freshAdapterWithZeroBGivesTheBasesLogitsBitForBit() {
        for (QwenConfig cfg : List.of(TinyModels.qwen3WithBias(), TinyModels.qwen2())) {
            try (NDManager m = NDManager.newBaseManager(Device.cpu());
                    QwenModel base = new QwenModel(QwenWeights.random(cfg, 3, 0.3, m));
                    LoraAdapter adapter =
                            LoraAdapter.init(
                                    cfg,
                                    LoraConfig.defaults().withRank(4),
                                    7,
                                    m,
                                    DataType.FLOAT32)) {
                QwenModel adapted = base.withAdapter(adapter);
                assertArrayEquals(
                        logits(base, m),
                        logits(adapted, m),
                        cfg.modelType() + ": B = 0 must change nothing");
                assertTrue(
                        adapter.a(0, Projection.Q_PROJ).abs().max().getFloat() > 0,
                        "A is not zero");
            }
        }
    }

    @Test
    void freshAIsUniformWithinOneOverRootFanIn() {
        QwenConfig cfg = TinyModels.qwen3WithBias();
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                LoraAdapter adapter =
                        LoraAdapter.init(
                                cfg, LoraConfig.defaults().withRank(4), 7, m, DataType.FLOAT32)) {
            for (Projection p : Projection.values()) {
                float[] a = adapter.a(1, p).toFloatArray();
                double bound = 1 / Math.sqrt(p.inFeatures(cfg)); // PEFT: kaiming_uniform_(a=√5)
                double max = 0;
                for (float x : a) {
                    max = Math.max(max, Math.abs(x));
                }
                assertTrue(
                        max <= bound && max > 0.5 * bound,
                        p + ": max |A| " + max + ", bound " + bound);
                assertEquals(0f, adapter.b(1, p).abs().max().getFloat(), p + ": B starts at 0");
            }
        }
    }

    @Test
    void mergedWeightsGiveTheAdaptedLogitsAndLeaveTheBaseAlone() {
        for (QwenConfig cfg : List.of(TinyModels.qwen3WithBias(), TinyModels.qwen2())) {
            try (NDManager m = NDManager.newBaseManager(Device.cpu());
                    QwenModel base = new QwenModel(QwenWeights.random(cfg, 3, 0.3, m));
                    LoraAdapter adapter =
                            LoraAdapter.init(
                                    cfg,
                                    new LoraConfig(
                                            4,
                                            8,
                                            0,
                                            List.of(
                                                    Projection.Q_PROJ,
                                                    Projection.V_PROJ,
                                                    Projection.O_PROJ,
                                                    Projection.DOWN_PROJ)),
                                    7,
                                    m,
                                    DataType.FLOAT32)) {
                randomiseB(adapter, 11);
                float[] baseBefore =
                        base.weights().get(Projection.Q_PROJ.weightName(0)).toFloatArray();
                float[] adapted = logits(base.withAdapter(adapter), m);
                float[] plain = logits(base, m);
                try (QwenModel merged =
                        new QwenModel(LoraMerge.merge(base.weights(), adapter, m))) {
                    float[] mergedLogits = logits(merged, m);
                    double worst = 0;
                    double moved = 0;
                    for (int i = 0; i < adapted.length; i++) {
                        worst = Math.max(worst, Math.abs(adapted[i] - mergedLogits[i]));
                        moved = Math.max(moved, Math.abs(adapted[i] - plain[i]));
                    }
                    assertTrue(
                            worst <= 1e-5,
                            cfg.modelType() + ": merged vs unmerged max |Δ| " + worst);
                    assertTrue(
                            moved > 1e-3, "the adapter must change the logits: max |Δ| " + moved);
                }
                assertArrayEquals(
                        baseBefore,
                        base.weights().get(Projection.Q_PROJ.weightName(0)).toFloatArray());
            }
        }
    }

    @Test
    void gradientsOfAAndBMatchFiniteDifferencesAndTheBaseGetsNone() {
        QwenConfig cfg = TinyModels.qwen3WithBias();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            QwenModel base =
                    new QwenModel(QwenWeights.random(cfg, 3, 0.3, m).copy(m, DataType.FLOAT64));
            LoraAdapter adapter =
                    LoraAdapter.init(
                            cfg,
                            new LoraConfig(2, 4, 0, List.of(Projection.values())),
                            5,
                            m,
                            DataType.FLOAT64);
            randomiseB(adapter, 13); // at B = 0 the gradient of A would be 0: nothing to check
            QwenModel model = base.withAdapter(adapter);
            LogProbScorer scorer = new LogProbScorer(model);
            SplittableRandom rng = new SplittableRandom(1);
            double[] c = new double[2 * 6];
            for (int i = 0; i < c.length; i++) {
                c[i] = rng.nextDouble() - 0.3;
            }
            NDArray coef = m.create(c, new Shape(2, 6));
            model.setTrainable(true);
            Map<String, double[]> grads = new HashMap<>();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector();
                    NDManager step = m.newSubManager()) {
                gc.backward(scorer.tokenLogProbs(step, SEQS).mul(coef).sum());
            }
            for (var e : adapter.parameters().entrySet()) {
                try (NDArray g = e.getValue().getGradient()) {
                    grads.put(e.getKey(), g.toDoubleArray());
                }
            }
            for (NDArray w : base.parameters().values()) {
                assertTrue(!w.hasGradient(), "a base weight requires a gradient");
            }
            int checked = 0;
            try (NoGradient off = NoGradient.enter()) {
                for (var e : adapter.parameters().entrySet()) {
                    NDArray p = e.getValue();
                    double[] v = p.toDoubleArray();
                    int i = rng.nextInt(v.length);
                    double h = 1e-6;
                    double orig = v[i];
                    v[i] = orig + h;
                    p.set(v);
                    double up = loss(scorer, m, coef);
                    v[i] = orig - h;
                    p.set(v);
                    double down = loss(scorer, m, coef);
                    v[i] = orig;
                    p.set(v);
                    double fd = (up - down) / (2 * h);
                    double ad = grads.get(e.getKey())[i];
                    assertTrue(
                            Math.abs(fd - ad) / Math.max(1e-3, Math.abs(fd)) < 1e-5,
                            e.getKey()
                                    + "["
                                    + i
                                    + "]: autograd "
                                    + ad
                                    + ", finite differences "
                                    + fd);
                    checked++;
                }
            }
            assertEquals(
                    2 * 2 * Projection.values().length,
                    checked); // A and B of 7 projections × 2 layers
            model.setTrainable(false);
            adapter.close();
            base.close();
        }
    }

    private static double loss(LogProbScorer scorer, NDManager m, NDArray coef) {
        try (NDManager s = m.newSubManager()) {
            return scorer.tokenLogProbs(s, SEQS).mul(coef).sum().getDouble();
        }
    }

    @Test
    void aViewSharesTheBaseAndTrainsOnlyTheAdapter() {
        QwenConfig cfg = TinyModels.qwen2();
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                QwenModel base = new QwenModel(QwenWeights.random(cfg, 3, 0.3, m));
                LoraAdapter adapter =
                        LoraAdapter.init(
                                cfg, LoraConfig.defaults().withRank(2), 7, m, DataType.FLOAT32)) {
            QwenModel view = base.withAdapter(adapter);
            assertTrue(view.weights() == base.weights(), "the view must share the base's weights");
            assertTrue(view.base() == base && base.base() == base);
            assertEquals(adapter.parameters().keySet(), view.trainableParameters().keySet());
            assertEquals(2 * 2 * 7, view.trainableParameters().size());
            assertNotEquals(
                    base.trainableParameters().keySet(), view.trainableParameters().keySet());
            assertEquals(
                    "base_model.model.model.layers.1.mlp.down_proj.lora_B.weight",
                    LoraAdapter.nameB(1, Projection.DOWN_PROJ));
        }
    }
}
