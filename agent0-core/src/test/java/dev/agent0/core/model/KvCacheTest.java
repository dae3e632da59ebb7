package dev.agent0.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.NoGradient;
import dev.agent0.core.runtime.RuntimeOptions;
import org.junit.jupiter.api.Test;

/** The cache grows with the columns written, keeps what it holds, and stops at its capacity. */
class KvCacheTest {
    @Test
    void growsByDoublingKeepsEveryColumnAndRefusesBeyondCapacity() {
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
        QwenConfig cfg = TinyModels.qwen3WithBias(); // 2 KV heads of 4, 2 layers
        int capacity = 1000;
        try (NoGradient off = NoGradient.enter();
                NDManager m = NDManager.newBaseManager(Device.cpu());
                KvCache cache = new KvCache(cfg, 2, capacity, m, DataType.FLOAT32)) {
            assertEquals(KvCache.INITIAL_COLUMNS, cache.allocated());
            float[] all = new float[2 * 2 * 700 * 4];
            for (int i = 0; i < all.length; i++) {
                all[i] = i * 0.001f;
            }
            NDArray full = m.create(all, new Shape(2, 2, 700, 4));
            NDArray[] read = null;
            for (int start = 0; start < 700; start += 100) { // 7 writes of 100 columns
                NDArray k = full.get(":, :, " + start + ":" + (start + 100) + ", :");
                for (int layer = 0; layer < 2; layer++) {
                    read = cache.appendAndRead(layer, start, k, k.neg());
                }
            }
            assertEquals(capacity, cache.allocated()); // 256 → 512 → 1000 (capped), not 1024
            assertArrayEquals(all, read[0].toFloatArray());
            assertArrayEquals(full.neg().toFloatArray(), read[1].toFloatArray());
            NDArray more = m.zeros(new Shape(2, 2, 301, 4));
            assertThrows(
                    IllegalStateException.class, () -> cache.appendAndRead(0, 700, more, more));
        }
    }
}
