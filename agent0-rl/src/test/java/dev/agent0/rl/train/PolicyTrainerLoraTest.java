package dev.agent0.rl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.agent0.core.lora.LoraAdapter;
import dev.agent0.core.lora.LoraConfig;
import dev.agent0.core.lora.PeftAdapterFiles;
import dev.agent0.core.model.QwenModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ADPO on a LoRA view over a frozen base: only the adapter trains; the base is the KL reference.
 */
class PolicyTrainerLoraTest {
    @TempDir Path tmp;

    @BeforeAll
    static void init() {
        TrainFixtures.init();
    }

    /** SHA-256 over every base tensor's bytes, in name order. */
    private static String hash(QwenModel model) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        for (Map.Entry<String, float[]> e : TrainFixtures.snapshot(model).entrySet()) {
            d.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * e.getValue().length);
            b.asFloatBuffer().put(e.getValue());
            d.update(b);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    @Test
    void trainingChangesTheAdapterNotTheBaseAndTheBaseIsTheReference() throws Exception {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            QwenModel base = TrainFixtures.model(5, DataType.FLOAT32, m);
            String before = hash(base);
            LoraAdapter adapter =
                    LoraAdapter.init(
                            base.config(),
                            LoraConfig.defaults().withRank(2),
                            9,
                            m,
                            DataType.FLOAT32);
            QwenModel policy = base.withAdapter(adapter);
            Map<String, float[]> adapterBefore = snapshotAdapter(adapter);
            try (PolicyTrainer t =
                    new PolicyTrainer(policy, TrainFixtures.config(0.05, 1e-2, 2, 4), m)) {
                assertTrue(
                        t.reference() == base,
                        "the KL reference must be the base itself, not a copy");
                StepMetrics s = t.step(TrainFixtures.batch(8, 2, 4));
                assertEquals(0, s.updates().skippedUpdates());
                assertTrue(s.losses().kl() >= 0);
                assertEquals(2, t.optimizer().steps());
                // Every B moved (A too, once B ≠ 0 after the first of the two updates).
                Map<String, float[]> after = snapshotAdapter(adapter);
                for (String name : adapterBefore.keySet()) {
                    assertFalse(
                            java.util.Arrays.equals(adapterBefore.get(name), after.get(name)),
                            name + " did not change");
                }
                Path ckpt = tmp.resolve("ckpt");
                t.save(ckpt, null);
                assertTrue(Files.isRegularFile(ckpt.resolve(PeftAdapterFiles.WEIGHTS)));
                assertTrue(Files.isRegularFile(ckpt.resolve(PeftAdapterFiles.CONFIG)));
                assertFalse(
                        Files.exists(ckpt.resolve("model.safetensors")),
                        "no copy of the base in an adapter checkpoint");
                assertFalse(
                        Files.exists(ckpt.resolve(TrainingCheckpoint.REFERENCE_DIR)),
                        "the reference is the base");
                // Resumed: the adapter and optimiser come back, and the next step is the same as
                // uninterrupted.
                QwenModel restored = TrainingCheckpoint.loadAdapted(ckpt, base, m);
                try (PolicyTrainer r =
                        new PolicyTrainer(restored, TrainFixtures.config(0.05, 1e-2, 2, 4), m)) {
                    r.restore(ckpt);
                    assertEquals(2, r.optimizer().steps());
                    StepMetrics a = t.step(TrainFixtures.batch(9, 2, 4));
                    StepMetrics b = r.step(TrainFixtures.batch(9, 2, 4));
                    assertEquals(a.losses().loss(), b.losses().loss(), 0.0);
                    Map<String, float[]> x = snapshotAdapter(adapter);
                    Map<String, float[]> y = snapshotAdapter((LoraAdapter) restored.adapter());
                    for (String name : x.keySet()) {
                        assertArrayEquals(x.get(name), y.get(name), name);
                    }
                }
            }
            assertEquals(before, hash(base), "training through the adapter changed the base");
            adapter.close();
        }
    }

    private static Map<String, float[]> snapshotAdapter(LoraAdapter adapter) {
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        adapter.parameters().forEach((n, a) -> out.put(n, a.toFloatArray()));
        return out;
    }
}
