package dev.agent0.core.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The storage view read gives what the engine's own copy gives, contiguous or not. */
class HostLogitsTest {
    @BeforeAll
    static void init() {
        Agent0Runtime.init(RuntimeOptions.defaults());
    }

    @Test
    void readsContiguousAndTransposedTensorsLikeTheEnginesCopy() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(5, 7)).mul(3);
            assertArrayEquals(a.toFloatArray(), HostLogits.read(a));
            // A reshaped forward output is a view: still the same row-major values.
            NDArray rows = m.randomNormal(new Shape(3, 1, 11)).reshape(3, 11);
            assertArrayEquals(rows.toFloatArray(), HostLogits.read(rows));
            // Transposed: the engine copies, in the transposed (logical) order.
            NDArray t = a.transpose();
            float[] expected = t.toFloatArray();
            assertArrayEquals(expected, HostLogits.read(t));
            assertArrayEquals(
                    new float[] {a.getFloat(0, 0), a.getFloat(1, 0)},
                    new float[] {expected[0], expected[1]});
            // A slice with an offset into its storage.
            NDArray slice = a.get("2:4, 1:6");
            assertArrayEquals(slice.toFloatArray(), HostLogits.read(slice));
        }
    }
}
