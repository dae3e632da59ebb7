package dev.agent0.core.model;

import static dev.agent0.core.model.Fixture.assertClose;
import static dev.agent0.core.model.Fixture.floats;
import static dev.agent0.core.model.Fixture.ints;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The decoder against the independent PyTorch reference of testdata/fixtures/qwen3-tiny. */
class QwenModelFixtureTest {
    static final double ATOL = 1e-4;
    static NDManager manager;

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

    /** Full-sequence logits of one unpadded sequence, [T * V]. */
    static float[] fullLogits(QwenModel model, NDManager m, int[] ids) {
        boolean[][] keep = new boolean[1][ids.length];
        Arrays.fill(keep[0], true);
        NDArray in =
                m.create(Arrays.stream(ids).asLongStream().toArray(), new Shape(1, ids.length));
        return model.logits(
                        in,
                        AttentionMasks.positions(m, keep),
                        AttentionMasks.causal(m, keep, DataType.FLOAT32))
                .toFloatArray();
    }

    static float[] row(JsonNode logits) {
        float[] out = new float[logits.size() * logits.get(0).size()];
        int k = 0;
        for (JsonNode r : logits) {
            for (JsonNode v : r) {
                out[k++] = (float) v.asDouble();
            }
        }
        return out;
    }

    @Test
    void ropeInverseFrequenciesMatchFixture() {
        JsonNode e = Fixture.expected();
        assertClose(
                floats(e.get("rope_inv_freq")),
                Rope.inverseFrequencies(32, 1_000_000),
                1e-9,
                "inv_freq");
    }

    @Test
    void logitsMatchFixtureAtEveryPosition() {
        Path dir = Fixture.qwen3Tiny();
        JsonNode e = Fixture.expected();
        try (NDManager m = manager.newSubManager();
                QwenModel model = new QwenModel(QwenWeights.load(dir, m))) {
            for (JsonNode c : e.get("cases")) {
                float[] actual = fullLogits(model, m, ints(c.get("input_ids")));
                double max =
                        assertClose(row(c.get("logits")), actual, ATOL, c.get("name").asText());
                System.out.printf("%s: max |logit diff| = %.3g%n", c.get("name").asText(), max);
            }
        }
    }

    @Test
    void kvCacheDecodingMatchesFullRecompute() {
        Path dir = Fixture.qwen3Tiny();
        JsonNode c = Fixture.expected().get("cases").get(2);
        int[] ids = ints(c.get("input_ids"));
        int vocab = 512;
        try (NDManager m = manager.newSubManager();
                QwenModel model = new QwenModel(QwenWeights.load(dir, m));
                KvCache cache = new KvCache(model.config(), 1, ids.length, m, DataType.FLOAT32)) {
            float[] full = fullLogits(model, m, ids);
            // Prefill 5 tokens, then one token per step.
            int prefill = 5;
            float[] inc = new float[ids.length * vocab];
            for (int start = 0; start < ids.length; ) {
                int t = start == 0 ? prefill : 1;
                long[] chunk = new long[t];
                long[] pos = new long[t];
                float[] mask = new float[t * (start + t)];
                for (int i = 0; i < t; i++) {
                    chunk[i] = ids[start + i];
                    pos[i] = start + i;
                    for (int j = 0; j < start + t; j++) {
                        mask[i * (start + t) + j] = j <= start + i ? 0 : AttentionMasks.NEG;
                    }
                }
                float[] out =
                        model.forward(
                                        m.create(chunk, new Shape(1, t)),
                                        m.create(pos, new Shape(1, t)),
                                        m.create(mask, new Shape(1, 1, t, start + t)),
                                        cache,
                                        start,
                                        false)
                                .toFloatArray();
                System.arraycopy(out, 0, inc, start * vocab, out.length);
                start += t;
            }
            double max = assertClose(full, inc, 1e-5, "incremental vs full");
            assertClose(row(c.get("logits")), inc, ATOL, "incremental vs fixture");
            System.out.printf("incremental vs full: max diff %.3g%n", max);
        }
    }

    @Test
    void forwardWithoutGradientRecordingEqualsTheRecordingForwardBitForBit() {
        // With grad mode off the forward overwrites its own temporaries (addi/muli); with it on it
        // allocates every result. Same kernels, so every logit bit must agree, on the fixture and
        // on
        // the configurations with biases, GQA and a separate lm_head, batched and with a KV cache.
        try (NDManager m = manager.newSubManager()) {
            for (QwenModel model :
                    List.of(
                            new QwenModel(QwenWeights.load(Fixture.qwen3Tiny(), m)),
                            new QwenModel(
                                    QwenWeights.random(TinyModels.qwen3WithBias(), 4, 0.3, m)),
                            new QwenModel(QwenWeights.random(TinyModels.qwen2(), 6, 0.3, m)))) {
                int vocab = model.config().vocabSize();
                int[] ids = new java.util.Random(3).ints(9, 0, vocab).toArray();
                float[] off = fullLogits(model, m, ids);
                float[] offCached = prefillThenStep(model, m, ids);
                JniUtils.setGradMode(true);
                float[] on;
                float[] onCached;
                try {
                    on = fullLogits(model, m, ids);
                    onCached = prefillThenStep(model, m, ids);
                } finally {
                    JniUtils.setGradMode(false);
                }
                String what = model.config().modelType() + " vocab " + vocab;
                assertArrayEquals(bits(on), bits(off), what + ", full forward");
                assertArrayEquals(bits(onCached), bits(offCached), what + ", cached step");
            }
        }
    }

    /**
     * Two rows: a prefill of ids[0..n-1) and one cached step with the last token; logits of that
     * step.
     */
    static float[] prefillThenStep(QwenModel model, NDManager m, int[] ids) {
        int n = ids.length;
        try (KvCache cache = new KvCache(model.config(), 2, n, m, DataType.FLOAT32)) {
            long[] chunk = new long[2 * (n - 1)];
            long[] pos = new long[2 * (n - 1)];
            float[] mask = new float[(n - 1) * (n - 1)];
            for (int i = 0; i < n - 1; i++) {
                chunk[i] = ids[i];
                chunk[n - 1 + i] = ids[n - 2 - i];
                pos[i] = i;
                pos[n - 1 + i] = i;
                for (int j = i + 1; j < n - 1; j++) {
                    mask[i * (n - 1) + j] = AttentionMasks.NEG;
                }
            }
            model.forward(
                    m.create(chunk, new Shape(2, n - 1)),
                    m.create(pos, new Shape(2, n - 1)),
                    m.create(mask, new Shape(1, 1, n - 1, n - 1)).repeat(0, 2),
                    cache,
                    0,
                    false);
            return model.forward(
                            m.create(new long[] {ids[n - 1], ids[0]}, new Shape(2, 1)),
                            m.create(new long[] {n - 1, n - 1}, new Shape(2, 1)),
                            m.zeros(new Shape(2, 1, 1, n)),
                            cache,
                            n - 1,
                            true)
                    .toFloatArray();
        }
    }

    static int[] bits(float[] xs) {
        int[] out = new int[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = Float.floatToRawIntBits(xs[i]);
        }
        return out;
    }

    @Test
    void fixtureWeightsHaveTheDocumentedNames() {
        Path dir = Fixture.qwen3Tiny();
        try (NDManager m = manager.newSubManager()) {
            QwenWeights w = QwenWeights.load(dir, m);
            assertEquals(24, w.parameters().size());
            long total = w.parameters().values().stream().mapToLong(NDArray::size).sum();
            assertEquals(131_520, total);
        }
    }
}
