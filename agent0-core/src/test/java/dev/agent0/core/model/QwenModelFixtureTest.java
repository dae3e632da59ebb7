package dev.agent0.core.model;

import static dev.agent0.core.model.Fixture.assertClose;
import static dev.agent0.core.model.Fixture.floats;
import static dev.agent0.core.model.Fixture.ints;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The decoder against the independent PyTorch reference of ../shared/fixtures/qwen3-tiny. */
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
        NDArray in = m.create(Arrays.stream(ids).asLongStream().toArray(), new Shape(1, ids.length));
        return model.logits(in, AttentionMasks.positions(m, keep), AttentionMasks.causal(m, keep, DataType.FLOAT32))
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
        assertClose(floats(e.get("rope_inv_freq")), Rope.inverseFrequencies(32, 1_000_000), 1e-9, "inv_freq");
    }

    @Test
    void logitsMatchFixtureAtEveryPosition() {
        Path dir = Fixture.qwen3Tiny();
        JsonNode e = Fixture.expected();
        try (NDManager m = manager.newSubManager(); QwenModel model = new QwenModel(QwenWeights.load(dir, m))) {
            for (JsonNode c : e.get("cases")) {
                float[] actual = fullLogits(model, m, ints(c.get("input_ids")));
                double max = assertClose(row(c.get("logits")), actual, ATOL, c.get("name").asText());
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
        try (NDManager m = manager.newSubManager(); QwenModel model = new QwenModel(QwenWeights.load(dir, m));
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
                float[] out = model.forward(m.create(chunk, new Shape(1, t)), m.create(pos, new Shape(1, t)),
                        m.create(mask, new Shape(1, 1, t, start + t)), cache, start, false).toFloatArray();
                System.arraycopy(out, 0, inc, start * vocab, out.length);
                start += t;
            }
            double max = assertClose(full, inc, 1e-5, "incremental vs full");
            assertClose(row(c.get("logits")), inc, ATOL, "incremental vs fixture");
            System.out.printf("incremental vs full: max diff %.3g%n", max);
        }
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
