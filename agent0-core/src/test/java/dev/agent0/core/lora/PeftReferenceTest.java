package dev.agent0.core.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent0.core.generate.LogProbScorer;
import dev.agent0.core.model.AttentionMasks;
import dev.agent0.core.model.Projection;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.NoGradient;
import dev.agent0.core.runtime.RuntimeOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against Hugging Face PEFT itself: an adapter PEFT 0.21 saved for the qwen3-tiny fixture (random
 * B, r 4, alpha 8, all seven projections) is read unchanged, and the base, adapted and merged
 * logits and the adapted log-probs match what transformers + PEFT computed
 * (testdata/fixtures/lora/, with the script and versions in its README).
 */
class PeftReferenceTest {
    private static final double TOL = 1e-5;
    private static Path base;
    private static Path adapterDir;
    private static JsonNode expected;

    @BeforeAll
    static void load() throws Exception {
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
        base = dev.agent0.core.TestData.path("fixtures/qwen3-tiny");
        adapterDir = dev.agent0.core.TestData.path("fixtures/lora/qwen3-tiny-r4");
        expected = new ObjectMapper().readTree(adapterDir.resolve("expected.json").toFile());
    }

    private static int[] ids(String name) {
        JsonNode a = expected.at("/inputs/" + name);
        int[] ids = new int[a.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = a.get(i).asInt();
        }
        return ids;
    }

    private static float[] logits(QwenModel model, NDManager m, int[] ids) {
        boolean[][] keep = new boolean[1][ids.length];
        long[] x = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            x[i] = ids[i];
            keep[0][i] = true;
        }
        return NoGradient.call(
                () ->
                        model.logits(
                                        m.create(x, new Shape(1, ids.length)),
                                        AttentionMasks.positions(m, keep),
                                        AttentionMasks.causal(m, keep, model.dtype()))
                                .toFloatArray());
    }

    /** Max |actual − expected| over the [T, V] matrix {@code field}/{@code name}. */
    private static double maxDiff(float[] actual, String field, String name) {
        JsonNode rows = expected.at("/" + field + "/" + name);
        double worst = 0;
        int v = rows.get(0).size();
        for (int t = 0; t < rows.size(); t++) {
            for (int j = 0; j < v; j++) {
                worst =
                        Math.max(
                                worst, Math.abs(actual[t * v + j] - rows.get(t).get(j).asDouble()));
            }
        }
        return worst;
    }

    @Test
    void peftsOwnAdapterFileIsReadWithItsConfig() {
        LoraConfig c = PeftAdapterFiles.readConfig(adapterDir);
        assertEquals(
                new LoraConfig(4, 8, 0, List.of(Projection.values())),
                c); // file order gate, down, …
    }

    @Test
    void baseAdaptedAndMergedLogitsMatchTransformersAndPeft() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                QwenModel model = new QwenModel(QwenWeights.load(base, m));
                LoraAdapter adapter =
                        PeftAdapterFiles.load(adapterDir, model.config(), m, DataType.FLOAT32);
                QwenModel merged = new QwenModel(LoraMerge.merge(model.weights(), adapter, m))) {
            QwenModel adapted = model.withAdapter(adapter);
            for (String name : List.of("A", "B")) {
                int[] ids = ids(name);
                double b = maxDiff(logits(model, m, ids), "base_logits", name);
                double a = maxDiff(logits(adapted, m, ids), "adapted_logits", name);
                double g = maxDiff(logits(merged, m, ids), "merged_logits", name);
                System.out.printf(
                        "%s: max |Δ| base %.2g, adapted %.2g, merged %.2g%n", name, b, a, g);
                assertTrue(
                        b < TOL && a < TOL && g < TOL,
                        name + ": base " + b + ", adapted " + a + ", merged " + g);
                float[] lp = new LogProbScorer(adapted).score(List.of(ids))[0];
                JsonNode ref = expected.at("/adapted_logprobs/" + name);
                for (int t = 1; t < ids.length; t++) {
                    assertEquals(
                            ref.get(t - 1).asDouble(), lp[t], TOL, name + " log p(ids[" + t + "])");
                }
            }
        }
    }
}
