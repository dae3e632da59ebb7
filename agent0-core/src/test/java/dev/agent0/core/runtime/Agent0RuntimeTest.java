package dev.agent0.core.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class Agent0RuntimeTest {

    @Test
    void engineIsPyTorch271OfflineOnCpu() {
        Agent0Runtime rt = Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
        assertEquals("PyTorch", rt.engine().getEngineName());
        assertEquals(Agent0Runtime.EXPECTED_PYTORCH_VERSION, rt.engine().getVersion());
        assertTrue(OfflineMode.isEnforced(), "ai.djl.offline and OPT_OUT_TRACKING must be true");
        assertEquals(Device.cpu(), rt.device());
    }

    @Test
    void autogradStepMatchesHandDerivedGradient() {
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            // L = sum(w * x + w^2), so dL/dw = x + 2w.
            NDArray w = m.create(new float[] {0.5f, -1f, 2f});
            NDArray x = m.create(new float[] {3f, 4f, -5f});
            w.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = w.mul(x).add(w.mul(w)).sum();
                gc.backward(loss);
            }
            try (NDArray g = w.getGradient()) {
                assertArrayEquals(new float[] {4f, 2f, -1f}, g.toFloatArray(), 1e-6f);
            }
        }
    }

    @Test
    void sameSeedGivesSameRandomTensor() {
        float[] a;
        float[] b;
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1).withSeed(7));
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            a = m.randomNormal(new ai.djl.ndarray.types.Shape(5)).toFloatArray();
        }
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1).withSeed(7));
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            b = m.randomNormal(new ai.djl.ndarray.types.Shape(5)).toFloatArray();
        }
        assertArrayEquals(a, b);
    }

    @Test
    void badOptionsNameTheField() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> RuntimeOptions.defaults().withDevice("tpu"));
        assertTrue(e.getMessage().contains("device"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> RuntimeOptions.defaults().withThreads(0, 1));
        assertTrue(e.getMessage().contains("intraOpThreads"), e.getMessage());
    }
}
