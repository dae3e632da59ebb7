package dev.agent0.rl.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AdamWTest {
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

    /**
     * θ0 = {1, −2}, g1 = {0.5, −1}, g2 = {0.1, 0.2}, lr 0.1, β = (0.9, 0.999), ε 1e-8, λ 0.01. Step
     * 1: θ ← θ·0.999; m̂ = g1, v̂ = g1², so θ ← θ − 0.1·sign(g1): {0.899, −1.898}. Step 2: θ ←
     * θ·0.999 = {0.898101, −1.896102}; m = {0.055, −0.07}, v = {2.5975e-4, 1.039e-3}; m̂ = m/0.19 =
     * {0.2894737, −0.3684211}; v̂ = v/0.001999 = {0.1299400, 0.5197599}; θ ← θ − 0.1·m̂/(√v̂ + ε) =
     * {0.898101 − 0.0803040, −1.896102 + 0.0511026} = {0.8177969064, −1.8449993940}.
     */
    @Test
    void twoStepsMatchHandComputedUpdate() {
        try (NDManager m = manager.newSubManager();
                AdamW opt = new AdamW(config(), m)) {
            Map<String, NDArray> params = Map.of("w", m.create(new double[] {1, -2}));
            opt.update(params, Map.of("w", m.create(new double[] {0.5, -1})), 0.1);
            assertArrayEquals(
                    new double[] {0.899000002, -1.898000001},
                    params.get("w").toDoubleArray(),
                    1e-9);
            opt.update(params, Map.of("w", m.create(new double[] {0.1, 0.2})), 0.1);
            assertArrayEquals(
                    new double[] {0.8177969063826518, -1.8449993939894946},
                    params.get("w").toDoubleArray(),
                    1e-12);
            assertEquals(2, opt.steps());
        }
    }

    /**
     * A large parameter is updated in row slices; the update is element-wise, so it must equal the
     * unsliced update bit for bit (θ, m and v), also for a non-contiguous (transposed) parameter.
     */
    @Test
    void slicedUpdateOfLargeParametersIsBitIdenticalToTheWholeArrayUpdate() {
        try (NDManager m = manager.newSubManager()) {
            Map<String, NDArray> sliced = largeParams(m);
            Map<String, NDArray> whole = largeParams(m);
            try (AdamW a = new AdamW(config(), m, 500, false);
                    AdamW b = new AdamW(config(), m, Long.MAX_VALUE, false)) {
                for (int step = 1; step <= 3; step++) {
                    Map<String, NDArray> grads = new LinkedHashMap<>();
                    for (Map.Entry<String, NDArray> p : sliced.entrySet()) {
                        grads.put(
                                p.getKey(),
                                m.randomNormal(p.getValue().getShape()).mul(0.1 * step));
                    }
                    a.update(sliced, grads, 1e-2);
                    b.update(whole, grads, 1e-2);
                }
                Map<String, NDArray> sa = a.state(m);
                Map<String, NDArray> sb = b.state(m);
                for (String name : sliced.keySet()) {
                    assertArrayEquals(
                            whole.get(name).toFloatArray(),
                            sliced.get(name).toFloatArray(),
                            0f,
                            name);
                    assertFalse(
                            sliced.get(name).contentEquals(largeParams(m).get(name)),
                            name + " was updated");
                    for (String key : List.of(name + ".exp_avg", name + ".exp_avg_sq")) {
                        assertArrayEquals(
                                sb.get(key).toFloatArray(), sa.get(key).toFloatArray(), 0f, key);
                    }
                }
            }
        }
    }

    /**
     * The one-pass host kernel (parameters of {@link AdamW#HOST_KERNEL_MIN} elements and more)
     * agrees with the engine's element-wise update to float32 rounding over three steps: θ, m and v
     * within 2 ulp (m and v bit for bit here; a few θ in 10⁴ differ in the last bit), while
     * parameters below the threshold and a transposed one (whose storage the kernel cannot write in
     * place) take the element-wise path and come out bit for bit.
     */
    @Test
    void hostKernelUpdateAgreesWithTheEngineOperationsToRounding() {
        try (NDManager m = manager.newSubManager()) {
            Map<String, NDArray> kernel = largeParams(m);
            kernel.put(
                    "large",
                    m.randomNormal(
                            new ai.djl.ndarray.types.Shape(
                                    AdamW.HOST_KERNEL_MIN / 1000 + 7, 1000)));
            kernel.put(
                    "largeTransposed",
                    m.randomNormal(
                                    new ai.djl.ndarray.types.Shape(
                                            1000, AdamW.HOST_KERNEL_MIN / 1000 + 7))
                            .transpose());
            Map<String, NDArray> ops = new LinkedHashMap<>();
            kernel.forEach((k, v) -> ops.put(k, v.duplicate()));
            Map<String, float[]> start = new LinkedHashMap<>();
            kernel.forEach((k, v) -> start.put(k, v.toFloatArray()));
            AdamWConfig cfg = new AdamWConfig(0.9, 0.95, 1e-6, 0.1);
            try (AdamW a = new AdamW(cfg, m, AdamW.DEFAULT_CHUNK, true);
                    AdamW b = new AdamW(cfg, m, AdamW.DEFAULT_CHUNK, false)) {
                for (int step = 1; step <= 3; step++) {
                    Map<String, NDArray> grads = new LinkedHashMap<>();
                    for (Map.Entry<String, NDArray> p : kernel.entrySet()) {
                        grads.put(
                                p.getKey(),
                                m.randomNormal(p.getValue().getShape()).mul(0.1 * step));
                    }
                    a.update(kernel, grads, 3e-3 * step);
                    b.update(ops, grads, 3e-3 * step);
                }
                Map<String, NDArray> sa = a.state(m);
                Map<String, NDArray> sb = b.state(m);
                for (String name : kernel.keySet()) {
                    float[] got = kernel.get(name).toFloatArray();
                    assertFalse(java.util.Arrays.equals(start.get(name), got), name + " updated");
                    boolean exact = !name.equals("large");
                    // θ = θ·(1 − lr·λ) − u cancels: its last bit is relative to the operands
                    // (θ, and u ≈ lr ≤ 0.009).
                    float[] scale = start.get(name).clone();
                    for (int i = 0; i < scale.length; i++) {
                        scale[i] = Math.abs(scale[i]) + 0.01f;
                    }
                    assertWithinUlps(ops.get(name).toFloatArray(), got, scale, exact ? 0 : 2, name);
                    for (String key : List.of(name + ".exp_avg", name + ".exp_avg_sq")) {
                        float[] expected = sb.get(key).toFloatArray();
                        assertWithinUlps(
                                expected, sa.get(key).toFloatArray(), expected, exact ? 0 : 2, key);
                    }
                }
            }
        }
    }

    /** Equal, or within {@code ulps} units in the last place of {@code scale} (element-wise). */
    private static void assertWithinUlps(
            float[] expected, float[] actual, float[] scale, int ulps, String what) {
        assertEquals(expected.length, actual.length, what);
        int differ = 0;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                differ++;
                assertTrue(
                        Math.abs(expected[i] - actual[i])
                                <= ulps
                                        * Math.ulp(
                                                Math.max(
                                                        Math.abs(scale[i]), Math.abs(expected[i]))),
                        what + "[" + i + "]: " + expected[i] + " vs " + actual[i]);
            }
        }
        assertTrue(differ <= expected.length / 100, what + ": " + differ + " elements differ");
    }

    /**
     * The global norm of arrays above the slice size (summed in row runs) against a float64 sum in
     * Java.
     */
    @Test
    void globalNormOfLargeArraysMatchesAFloat64Reference() {
        try (NDManager m = manager.newSubManager()) {
            Engine.getInstance().setRandomSeed(3);
            NDArray big =
                    m.randomNormal(new ai.djl.ndarray.types.Shape(2000, 300)); // 600 k > slice
            NDArray wide =
                    m.randomNormal(new ai.djl.ndarray.types.Shape(300, 1000))
                            .transpose(); // non-contiguous
            NDArray small = m.randomNormal(new ai.djl.ndarray.types.Shape(10));
            double sq = 0;
            for (NDArray a : List.of(big, wide, small)) {
                for (float x : a.toFloatArray()) {
                    sq += (double) x * x;
                }
            }
            double norm = GradientClipping.globalNorm(List.of(big, wide, small));
            assertEquals(Math.sqrt(sq), norm, Math.sqrt(sq) * 1e-6);
        }
    }

    /**
     * [7, 300] (one row per 500-element slice), [3000] (500 per slice), [300, 7] transposed, [4]
     * small.
     */
    private static Map<String, NDArray> largeParams(NDManager m) {
        Engine.getInstance().setRandomSeed(7);
        Map<String, NDArray> p = new LinkedHashMap<>();
        p.put("rows", m.randomNormal(new ai.djl.ndarray.types.Shape(7, 300)));
        p.put("flat", m.randomNormal(new ai.djl.ndarray.types.Shape(3000)));
        p.put("transposed", m.randomNormal(new ai.djl.ndarray.types.Shape(7, 300)).transpose());
        p.put("small", m.randomNormal(new ai.djl.ndarray.types.Shape(4)));
        return p;
    }

    @Test
    void float32UpdateAgreesWithFloat64() {
        try (NDManager m = manager.newSubManager();
                AdamW opt = new AdamW(config(), m)) {
            Map<String, NDArray> params = Map.of("w", m.create(new float[] {1, -2}));
            opt.update(params, Map.of("w", m.create(new float[] {0.5f, -1})), 0.1);
            opt.update(params, Map.of("w", m.create(new float[] {0.1f, 0.2f})), 0.1);
            assertEquals(DataType.FLOAT32, params.get("w").getDataType());
            assertArrayEquals(
                    new float[] {0.8177969f, -1.8449994f}, params.get("w").toFloatArray(), 1e-6f);
        }
    }

    @Test
    void stateRoundTripContinuesBitIdentically() {
        try (NDManager m = manager.newSubManager();
                AdamW a = new AdamW(config(), m);
                AdamW b = new AdamW(config(), m)) {
            Map<String, NDArray> pa =
                    Map.of(
                            "w",
                            m.create(new float[] {1, -2, 3}),
                            "b",
                            m.create(new float[] {0.5f}));
            Map<String, NDArray> g1 =
                    Map.of(
                            "w",
                            m.create(new float[] {0.3f, -0.1f, 2}),
                            "b",
                            m.create(new float[] {-0.4f}));
            Map<String, NDArray> g2 =
                    Map.of(
                            "w",
                            m.create(new float[] {-0.2f, 0.7f, 0.05f}),
                            "b",
                            m.create(new float[] {0.9f}));
            a.update(pa, g1, 0.01);
            // Restore into a fresh optimiser, with copies of the parameters.
            Map<String, NDArray> pb = new LinkedHashMap<>();
            pa.forEach((k, v) -> pb.put(k, v.duplicate()));
            try (NDManager saved = m.newSubManager()) {
                Map<String, NDArray> state = a.state(saved);
                assertEquals(
                        Set.of("step", "w.exp_avg", "w.exp_avg_sq", "b.exp_avg", "b.exp_avg_sq"),
                        state.keySet());
                b.loadState(state);
            }
            assertEquals(1, b.steps());
            a.update(pa, g2, 0.01);
            b.update(pb, g2, 0.01);
            for (String k : pa.keySet()) {
                assertArrayEquals(pa.get(k).toFloatArray(), pb.get(k).toFloatArray(), 0f, k);
            }
        }
    }

    @Test
    void loadStateRejectsUnpairedOrUnknownKeys() {
        try (NDManager m = manager.newSubManager();
                AdamW opt = new AdamW(config(), m)) {
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () ->
                                    opt.loadState(
                                            Map.of(
                                                    "step",
                                                    m.create(1L),
                                                    "w.exp_avg",
                                                    m.create(new float[] {1}))));
            assertTrue(e.getMessage().contains("w.exp_avg has no w.exp_avg_sq"), e.getMessage());
            e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () ->
                                    opt.loadState(
                                            Map.of("step", m.create(1L), "w.mom", m.create(1f))));
            assertTrue(e.getMessage().contains("unknown key w.mom"), e.getMessage());
            e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> opt.loadState(Map.of("w.exp_avg", m.create(1f))));
            assertTrue(e.getMessage().contains("step missing"), e.getMessage());
        }
    }

    @Test
    void stepClipsByGlobalNormAndSkipsNonFinite() {
        try (NDManager m = manager.newSubManager();
                AdamW opt = new AdamW(config(), m)) {
            NDArray w = m.create(new double[] {1, 2});
            w.setRequiresGradient(true);
            NDArray x = m.create(new double[] {3, 4});
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(w.mul(x).sum()); // ∂/∂w = x = {3, 4}, norm 5
            }
            OptimizerStep s = opt.step(Map.of("w", w), 0.1, 1.0);
            assertEquals(5.0, s.gradNorm(), 1e-12);
            assertTrue(s.applied());
            try (NDArray g = w.getGradient()) {
                // Clipped in place to norm 1: {3, 4}/(5 + 1e-6).
                assertArrayEquals(
                        new double[] {3 / (5 + 1e-6), 4 / (5 + 1e-6)}, g.toDoubleArray(), 1e-12);
            }
            // A NaN gradient leaves the parameters and the step counter untouched.
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.zeroGradients();
                gc.backward(w.mul(m.create(new double[] {Double.NaN, 1})).sum());
            }
            double[] before = w.toDoubleArray();
            OptimizerStep bad = opt.step(Map.of("w", w), 0.1, 1.0);
            assertFalse(bad.applied());
            assertTrue(Double.isNaN(bad.gradNorm()));
            assertArrayEquals(before, w.toDoubleArray(), 0);
            assertEquals(1, opt.steps());
        }
    }

    @Test
    void clipByGlobalNormLeavesSmallGradientsAlone() {
        try (NDManager m = manager.newSubManager()) {
            NDArray a = m.create(new float[] {0.3f});
            NDArray b = m.create(new float[] {0.4f});
            assertEquals(0.5, GradientClipping.clipByGlobalNorm(List.of(a, b), 1.0), 1e-7);
            assertArrayEquals(new float[] {0.3f}, a.toFloatArray(), 0f);
            assertEquals(0.5, GradientClipping.globalNorm(List.of(a, b)), 1e-7);
        }
    }

    @Test
    void configValidationNamesTheField() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> AdamWConfig.defaults().withBetas(0.9, 1.0));
        assertTrue(e.getMessage().startsWith("beta2 = 1.0"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> AdamWConfig.defaults().withWeightDecay(-1));
        assertTrue(e.getMessage().startsWith("weightDecay = -1.0"), e.getMessage());
    }

    static AdamWConfig config() {
        return AdamWConfig.defaults(); // β (0.9, 0.999), ε 1e-8, λ 0.01
    }
}
