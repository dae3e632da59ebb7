package dev.agent0.rl.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizerStateFileTest {
    @TempDir Path dir;

    static Map<String, NDArray> grads(NDManager m, float s) {
        Map<String, NDArray> g = new LinkedHashMap<>();
        g.put("layer.weight", m.create(new float[] {0.3f * s, -0.1f, 2f, 0.25f}).reshape(2, 2));
        g.put("layer.bias", m.create(new float[] {-0.4f * s}));
        return g;
    }

    @Test
    void savedStateResumesBitIdentically() {
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
        try (NDManager m = NDManager.newBaseManager();
                AdamW a = new AdamW(AdamWConfig.defaults(), m);
                AdamW b = new AdamW(AdamWConfig.defaults(), m)) {
            Map<String, NDArray> pa = new LinkedHashMap<>();
            pa.put("layer.weight", m.create(new float[] {1, -2, 3, 0.5f}).reshape(2, 2));
            pa.put("layer.bias", m.create(new float[] {0.1f}));
            // Three steps on a; then save, restore into b and take steps 4 and 5 on both.
            for (int i = 1; i <= 3; i++) {
                a.update(pa, grads(m, i), 1e-2);
            }
            Path file = dir.resolve("optimizer.safetensors");
            OptimizerStateFile.save(a, file);
            OptimizerStateFile.load(b, file, m);
            assertEquals(3, b.steps());
            Map<String, NDArray> pb = new LinkedHashMap<>();
            pa.forEach((k, v) -> pb.put(k, v.duplicate()));
            for (int i = 4; i <= 5; i++) {
                a.update(pa, grads(m, i), 1e-2);
                b.update(pb, grads(m, i), 1e-2);
            }
            for (String k : pa.keySet()) {
                assertArrayEquals(pa.get(k).toFloatArray(), pb.get(k).toFloatArray(), 0f, k);
            }
            // Atomic write leaves no temporary file behind.
            try (var files = Files.list(dir)) {
                assertEquals(1, files.count());
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            assertFalse(pa.get("layer.bias").toFloatArray()[0] == 0.1f, "parameters moved");
        }
    }
}
