package dev.agent0.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config parsing, safetensors in/out in every dtype, shards, Qwen2-style models and the errors. */
class CheckpointTest {
    static NDManager manager;
    @TempDir Path tmp;

    @BeforeAll
    static void start() {
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
        JniUtils.setGradMode(false);
        manager = NDManager.newBaseManager(Device.cpu());
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    static QwenConfig qwen2Tiny() {
        // Qwen2 layout: q/k/v biases, separate lm_head, head_dim = hidden / heads = 16.
        return new QwenConfig(
                ModelType.QWEN2,
                48,
                96,
                2,
                3,
                1,
                16,
                1e-6,
                10_000,
                300,
                false,
                4096,
                true,
                TensorDType.F32,
                -1,
                List.of(299));
    }

    static float[] logits(QwenModel model, int[] ids) {
        return QwenModelFixtureTest.fullLogits(model, manager, ids);
    }

    @Test
    void fixtureConfigParsesWithHfNames() {
        QwenConfig c = QwenConfig.load(Fixture.qwen3Tiny());
        assertEquals(ModelType.QWEN3, c.modelType());
        assertEquals(32, c.headDim());
        assertEquals(2, c.numKeyValueHeads());
        assertEquals(List.of(502), c.eosTokenIds());
        assertEquals(500, c.bosTokenId());
        assertTrue(c.tieWordEmbeddings());
        assertEquals(c, QwenConfig.load(writeConfig(c.toJson())));
    }

    Path writeConfig(String json) {
        try {
            Path d = Files.createTempDirectory(tmp, "cfg");
            Files.writeString(d.resolve("config.json"), json);
            return d;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void badConfigsNameFileAndField() throws IOException {
        ObjectMapper om = new ObjectMapper();
        ObjectNode base =
                (ObjectNode) om.readTree(Fixture.qwen3Tiny().resolve("config.json").toFile());
        var e1 =
                assertThrows(
                        CheckpointFormatException.class,
                        () ->
                                QwenConfig.load(
                                        writeConfig(
                                                base.deepCopy()
                                                        .put("model_type", "llama")
                                                        .toString())));
        assertTrue(e1.getMessage().contains("config.json: model_type"), e1.getMessage());
        var e2 =
                assertThrows(
                        CheckpointFormatException.class,
                        () ->
                                QwenConfig.load(
                                        writeConfig(
                                                base.deepCopy()
                                                        .put("num_key_value_heads", 3)
                                                        .toString())));
        assertTrue(e2.getMessage().contains("num_key_value_heads = 3"), e2.getMessage());
        var e3 =
                assertThrows(
                        CheckpointFormatException.class,
                        () ->
                                QwenConfig.load(
                                        writeConfig(
                                                base.deepCopy()
                                                        .put("hidden_size", "big")
                                                        .toString())));
        assertTrue(e3.getMessage().contains("hidden_size"), e3.getMessage());
        var e4 =
                assertThrows(
                        CheckpointFormatException.class,
                        () ->
                                QwenConfig.load(
                                        writeConfig(
                                                base.deepCopy()
                                                        .put("torch_dtype", "int8")
                                                        .toString())));
        assertTrue(e4.getMessage().contains("torch_dtype"), e4.getMessage());
    }

    @Test
    void qwen2WithBiasesAndShardsRoundTripsExactlyInF32() {
        try (NDManager m = manager.newSubManager()) {
            QwenWeights w = QwenWeights.random(qwen2Tiny(), 11, 0.05, m);
            assertTrue(w.parameters().containsKey("model.layers.1.self_attn.k_proj.bias"));
            assertTrue(w.parameters().containsKey("lm_head.weight"));
            w.save(tmp, TensorDType.F32, 40_000);
            assertTrue(Files.exists(tmp.resolve(QwenWeights.INDEX_FILE)));
            List<Path> shards;
            try (var files = Files.list(tmp)) {
                shards =
                        files.filter(
                                        p ->
                                                p.getFileName()
                                                        .toString()
                                                        .matches(
                                                                "model-\\d{5}-of-\\d{5}\\.safetensors"))
                                .sorted()
                                .toList();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertTrue(shards.size() >= 2, "expected >= 2 shards, got " + shards);
            QwenWeights back = QwenWeights.load(tmp, m);
            assertEquals(qwen2Tiny(), back.config());
            for (String n : w.parameters().keySet()) {
                assertArrayEquals(w.get(n).toFloatArray(), back.get(n).toFloatArray(), n);
            }
            int[] ids = {3, 1, 4, 1, 5, 9, 2, 6};
            assertArrayEquals(logits(new QwenModel(w), ids), logits(new QwenModel(back), ids));
            try (SafetensorsFile f = SafetensorsFile.open(shards.get(0))) {
                assertEquals("pt", f.metadata().get("format"));
            }
        }
    }

    @Test
    void bf16AndF16CheckpointsReadBackAsRoundedFixtureWeights() {
        Path fixture = Fixture.qwen3Tiny();
        for (TensorDType dt : List.of(TensorDType.BF16, TensorDType.F16)) {
            try (NDManager m = manager.newSubManager()) {
                QwenWeights w = QwenWeights.load(fixture, m);
                Path out = tmp.resolve(dt.name());
                w.save(out, dt, Long.MAX_VALUE);
                assertEquals(dt, QwenConfig.load(out).torchDtype());
                QwenWeights back = QwenWeights.load(out, m);
                // Round-to-nearest error bounds: half an ulp, 2^-8 relative for bf16 (8 significant
                // bits),
                // 2^-11 for f16 normals (11 bits), plus half the f16 subnormal spacing 2^-25.
                double rel = dt == TensorDType.BF16 ? 0x1p-8 : 0x1p-11;
                for (String n : w.parameters().keySet()) {
                    float[] a = w.get(n).toFloatArray();
                    float[] b = back.get(n).toFloatArray();
                    for (int i = 0; i < a.length; i++) {
                        double bound = Math.abs(a[i]) * rel + (dt == TensorDType.F16 ? 0x1p-25 : 0);
                        assertTrue(
                                Math.abs(a[i] - b[i]) <= bound,
                                n + "[" + i + "]: " + a[i] + " -> " + b[i]);
                    }
                }
                // Rounded weights still give the fixture's logits closely, and the KV-cache path
                // agrees.
                int[] ids = Fixture.ints(Fixture.expected().get("cases").get(1).get("input_ids"));
                float[] exp =
                        QwenModelFixtureTest.row(
                                Fixture.expected().get("cases").get(1).get("logits"));
                Fixture.assertClose(
                        exp,
                        logits(new QwenModel(back), ids),
                        dt == TensorDType.BF16 ? 5e-2 : 5e-3,
                        dt + " logits");
            }
        }
    }

    @Test
    void truncatedFileNamesTheTensor() throws IOException {
        Path f = tmp.resolve("t.safetensors");
        Map<String, SafetensorsWriter.Tensor> t = new LinkedHashMap<>();
        t.put("a", new SafetensorsWriter.Tensor(new long[] {2, 3}, new float[6], TensorDType.F32));
        t.put(
                "b",
                new SafetensorsWriter.Tensor(
                        new long[] {4}, new float[] {1, 2, 3, 4}, TensorDType.BF16));
        SafetensorsWriter.write(f, t);
        try (SafetensorsFile s = SafetensorsFile.open(f)) {
            assertArrayEquals(new float[] {1, 2, 3, 4}, s.readFloats("b"));
        }
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 2);
        }
        var e = assertThrows(CheckpointFormatException.class, () -> SafetensorsFile.open(f));
        assertTrue(
                e.getMessage().contains("t.safetensors")
                        && e.getMessage().contains(" b ")
                        && e.getMessage().contains("past the end"),
                e.getMessage());
    }

    @Test
    void unknownDtypeAndBadSizesAreNamed() throws IOException {
        String header = "{\"x\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[0,2]}}";
        Path f = rawFile("i8.safetensors", header, 2);
        var e = assertThrows(CheckpointFormatException.class, () -> SafetensorsFile.open(f));
        assertTrue(e.getMessage().contains("x has dtype \"I8\""), e.getMessage());
        Path g =
                rawFile(
                        "size.safetensors",
                        "{\"y\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}",
                        8);
        var e2 = assertThrows(CheckpointFormatException.class, () -> SafetensorsFile.open(g));
        assertTrue(e2.getMessage().contains("y spans 8 bytes"), e2.getMessage());
    }

    Path rawFile(String name, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path f = tmp.resolve(name);
        Files.write(f, b.array());
        return f;
    }

    @Test
    void missingExtraAndMisshapenTensorsAreNamed() {
        try (NDManager m = manager.newSubManager()) {
            QwenWeights w = QwenWeights.random(qwen2Tiny(), 1, 0.02, m);
            Map<String, SafetensorsWriter.Tensor> t = new LinkedHashMap<>();
            w.parameters()
                    .forEach(
                            (n, a) ->
                                    t.put(
                                            n,
                                            new SafetensorsWriter.Tensor(
                                                    a.getShape().getShape(),
                                                    a.toFloatArray(),
                                                    TensorDType.F32)));
            Path d = tmp.resolve("bad");
            Files.createDirectories(d);
            Files.writeString(d.resolve("config.json"), qwen2Tiny().toJson());
            // Missing.
            var missing = new LinkedHashMap<>(t);
            missing.remove("model.layers.1.mlp.up_proj.weight");
            SafetensorsWriter.write(d.resolve("model.safetensors"), missing);
            var e1 = assertThrows(CheckpointFormatException.class, () -> QwenWeights.load(d, m));
            assertTrue(
                    e1.getMessage().contains("missing tensor model.layers.1.mlp.up_proj.weight"),
                    e1.getMessage());
            // Extra.
            var extra = new LinkedHashMap<>(t);
            extra.put(
                    "model.layers.9.foo",
                    new SafetensorsWriter.Tensor(new long[] {1}, new float[1], TensorDType.F32));
            SafetensorsWriter.write(d.resolve("model.safetensors"), extra);
            var e2 = assertThrows(CheckpointFormatException.class, () -> QwenWeights.load(d, m));
            assertTrue(
                    e2.getMessage().contains("unexpected tensor model.layers.9.foo"),
                    e2.getMessage());
            // Shape.
            var shape = new LinkedHashMap<>(t);
            shape.put(
                    "model.norm.weight",
                    new SafetensorsWriter.Tensor(new long[] {47}, new float[47], TensorDType.F32));
            SafetensorsWriter.write(d.resolve("model.safetensors"), shape);
            var e3 = assertThrows(CheckpointFormatException.class, () -> QwenWeights.load(d, m));
            assertTrue(
                    e3.getMessage()
                            .endsWith(
                                    "model.safetensors: model.norm.weight has shape [47], expected"
                                            + " [48]"),
                    e3.getMessage());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void qwen2KvCacheMatchesFullRecomputeAndBatchMatchesSingle() {
        try (NDManager m = manager.newSubManager()) {
            QwenModel model = new QwenModel(QwenWeights.random(qwen2Tiny(), 5, 0.08, m));
            int[] a = {10, 20, 30, 40, 50, 60, 70};
            int[] b = {11, 22};
            var gen = new dev.agent0.core.generate.Generator(model, null);
            var cfg =
                    dev.agent0.core.generate.GenerationConfig.defaults()
                            .withMaxNewTokens(10)
                            .withSampling(dev.agent0.core.generate.SamplingConfig.greedy());
            var batched = gen.generate(List.of(a, b), cfg);
            var single = gen.generate(List.of(a), cfg);
            assertArrayEquals(single.get(0).tokenIds(), batched.get(0).tokenIds());
            // Greedy with cache == greedy by full recompute at each step.
            int[] seq = a.clone();
            for (int step = 0; step < 10; step++) {
                float[] l = logits(model, seq);
                int v = model.config().vocabSize();
                int best = 0;
                for (int i = 1; i < v; i++) {
                    if (l[(seq.length - 1) * v + i] > l[(seq.length - 1) * v + best]) {
                        best = i;
                    }
                }
                seq = Arrays.copyOf(seq, seq.length + 1);
                seq[seq.length - 1] = best;
            }
            assertArrayEquals(
                    Arrays.copyOfRange(seq, a.length, seq.length), batched.get(0).tokenIds());
            // Left-padded scoring in the scorer equals single-sequence scoring.
            var scorer = new dev.agent0.core.generate.LogProbScorer(model);
            float[][] both = scorer.score(List.of(a, b));
            Fixture.assertClose(scorer.score(List.of(b))[0], both[1], 1e-5, "padded row");
        }
    }
}
