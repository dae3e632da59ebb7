package dev.agent0.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.agent0.core.lora.LoraAdapter;
import dev.agent0.core.lora.LoraConfig;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bit-identical reproducibility and resume: the weights after training, compared as raw floats. */
class TrainingCheckpointTest {
    /** β > 0 (reference saved and restored), two mini-batches (the seeded shuffle matters). */
    static final PolicyTrainerConfig CONFIG = TrainFixtures.config(0.05, 1e-2, 2, 3);

    @TempDir Path tmp;

    @BeforeAll
    static void init() {
        TrainFixtures.init();
    }

    static List<RolloutBatch> batches() {
        return List.of(
                TrainFixtures.batch(21, 2, 4),
                TrainFixtures.batch(22, 2, 4),
                TrainFixtures.batch(23, 2, 4),
                TrainFixtures.batch(24, 2, 4));
    }

    static Map<String, float[]> train(int steps) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            QwenModel model = TrainFixtures.model(12, DataType.FLOAT32, m);
            try (PolicyTrainer t = new PolicyTrainer(model, CONFIG, m)) {
                for (int i = 0; i < steps; i++) {
                    t.step(batches().get(i));
                }
                return TrainFixtures.snapshot(model);
            }
        }
    }

    static void assertBitIdentical(Map<String, float[]> a, Map<String, float[]> b) {
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) {
            float[] x = a.get(name);
            float[] y = b.get(name);
            assertEquals(x.length, y.length);
            for (int i = 0; i < x.length; i++) {
                assertEquals(
                        Float.floatToRawIntBits(x[i]),
                        Float.floatToRawIntBits(y[i]),
                        name + "[" + i + "]: " + x[i] + " vs " + y[i]);
            }
        }
    }

    @Test
    void twoRunsWithTheSameSeedGiveBitIdenticalWeights() {
        Map<String, float[]> a = train(2);
        Map<String, float[]> b = train(2);
        assertBitIdentical(a, b);
        Map<String, float[]> init;
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            init = TrainFixtures.snapshot(TrainFixtures.model(12, DataType.FLOAT32, m));
        }
        assertFalse(
                java.util.Arrays.equals(
                        init.get("lm_head.weight") == null
                                ? init.get("model.embed_tokens.weight")
                                : init.get("lm_head.weight"),
                        a.get("lm_head.weight") == null
                                ? a.get("model.embed_tokens.weight")
                                : a.get("lm_head.weight")),
                "training should change the weights");
    }

    @Test
    void fourStepsEqualTwoStepsSaveLoadTwoSteps() throws Exception {
        Map<String, float[]> straight = train(4);
        Path ckpt = tmp.resolve("ckpt");
        Path tokenizer = Files.createDirectories(tmp.resolve("tok"));
        Files.writeString(tokenizer.resolve("tokenizer.json"), "{\"fake\": true}");
        Files.writeString(tokenizer.resolve("config.json"), "{\"not\": \"copied\"}");
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            QwenModel model = TrainFixtures.model(12, DataType.FLOAT32, m);
            try (PolicyTrainer t = new PolicyTrainer(model, CONFIG, m)) {
                t.step(batches().get(0));
                t.save(ckpt, tokenizer); // an older checkpoint, replaced below
                t.step(batches().get(1));
                t.save(ckpt, tokenizer);
                assertEquals(2, t.state().steps());
            }
        }
        for (String f :
                List.of(
                        "config.json",
                        "model.safetensors",
                        "tokenizer.json",
                        "optimizer.safetensors",
                        "trainer_state.json",
                        "rng_state.json",
                        "reference/config.json",
                        "reference/model.safetensors")) {
            assertTrue(Files.isRegularFile(ckpt.resolve(f)), "missing " + f);
        }
        assertEquals("{\"fake\": true}", Files.readString(ckpt.resolve("tokenizer.json")));
        assertTrue(Files.readString(ckpt.resolve("config.json")).contains("hidden_size"));
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(
                    List.of("ckpt", "tok"),
                    left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary folders may be left behind");
        }
        Map<String, float[]> resumed;
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            QwenModel model = new QwenModel(TrainingCheckpoint.loadWeights(ckpt, m));
            try (PolicyTrainer t = new PolicyTrainer(model, CONFIG, m)) {
                t.restore(ckpt);
                assertEquals(2, t.state().steps());
                assertEquals(4, t.optimizer().steps());
                t.step(batches().get(2));
                t.step(batches().get(3));
                resumed = TrainFixtures.snapshot(model);
            }
        }
        assertBitIdentical(straight, resumed);
    }

    @Test
    void optimizerStateOfAnotherModelIsRefusedAtLoadNamingTheFileAndKey() throws Exception {
        Path full = tmp.resolve("full");
        Path rank2 = tmp.resolve("rank2");
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            QwenModel base = TrainFixtures.model(12, DataType.FLOAT32, m);
            try (PolicyTrainer t =
                    new PolicyTrainer(base, TrainFixtures.config(0, 1e-2, 1, 4), m)) {
                t.step(batches().get(0));
                t.save(full, null);
            }
            QwenModel base2 = TrainFixtures.model(12, DataType.FLOAT32, m);
            try (PolicyTrainer t =
                    new PolicyTrainer(
                            base2.withAdapter(
                                    LoraAdapter.init(
                                            base2.config(),
                                            LoraConfig.defaults().withRank(2),
                                            3,
                                            m,
                                            DataType.FLOAT32)),
                            TrainFixtures.config(0, 1e-2, 1, 4),
                            m)) {
                t.step(batches().get(0));
                t.save(rank2, null);
            }
            // Full fine-tuning state into an adapter trainer: the names do not exist there.
            QwenModel base3 = TrainFixtures.model(12, DataType.FLOAT32, m);
            try (PolicyTrainer t =
                    new PolicyTrainer(
                            base3.withAdapter(
                                    LoraAdapter.init(
                                            base3.config(),
                                            LoraConfig.defaults().withRank(4),
                                            3,
                                            m,
                                            DataType.FLOAT32)),
                            TrainFixtures.config(0, 1e-2, 1, 4),
                            m)) {
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, () -> t.restore(full));
                assertTrue(
                        e.getMessage().startsWith(full.resolve("optimizer.safetensors").toString()),
                        e.getMessage());
                assertTrue(e.getMessage().contains("is not a trainable parameter"), e.getMessage());
                // Rank 2 state into a rank 4 adapter: the same names, other shapes.
                e = assertThrows(IllegalArgumentException.class, () -> t.restore(rank2));
                assertTrue(e.getMessage().contains("optimizer.safetensors"), e.getMessage());
                assertTrue(
                        e.getMessage().contains("lora_A.weight.exp_avg has shape (2, "),
                        e.getMessage());
            }
        }
    }

    @Test
    void resumingWithoutTheReferenceOrWithTheWrongTrainerFailsClearly() throws Exception {
        Path ckpt = tmp.resolve("noref");
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            QwenModel model = TrainFixtures.model(12, DataType.FLOAT32, m);
            try (PolicyTrainer t =
                    new PolicyTrainer(model, TrainFixtures.config(0, 1e-2, 1, 4), m)) {
                t.step(batches().get(0));
                t.save(ckpt, null);
            }
            assertFalse(Files.exists(ckpt.resolve("reference")), "β = 0 has no reference to save");
            try (PolicyTrainer t =
                    new PolicyTrainer(new QwenModel(QwenWeights.load(ckpt, m)), CONFIG, m)) {
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, () -> t.restore(ckpt));
                assertTrue(e.getMessage().contains("reference"), e.getMessage());
            }
            try (SftTrainer s =
                    new SftTrainer(
                            new QwenModel(QwenWeights.load(ckpt, m)),
                            CONFIG.optimizer(),
                            CONFIG.schedule(),
                            1.0,
                            4,
                            0,
                            m)) {
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, () -> s.restore(ckpt));
                assertTrue(
                        e.getMessage().contains("trainer_state.json")
                                && e.getMessage().contains("sft"),
                        e.getMessage());
            }
        }
        Files.writeString(ckpt.resolve("rng_state.json"), "{\"algorithm\": \"splitmix64\"}");
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                PolicyTrainer t =
                        new PolicyTrainer(
                                new QwenModel(QwenWeights.load(ckpt, m)),
                                TrainFixtures.config(0, 1e-2, 1, 4),
                                m)) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> t.restore(ckpt));
            assertTrue(
                    e.getMessage().contains("rng_state.json")
                            && e.getMessage().contains("\"state\""),
                    e.getMessage());
        }
    }
}
