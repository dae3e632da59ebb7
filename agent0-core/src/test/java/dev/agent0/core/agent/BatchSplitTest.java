package dev.agent0.core.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.agent0.core.generate.Generator;
import dev.agent0.core.generate.SamplingConfig;
import dev.agent0.core.model.Fixture;
import dev.agent0.core.model.KvCache;
import dev.agent0.core.model.QwenConfig;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.sandbox.local.PythonSandbox;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A batch split into blocks of rows (the KV-cache memory cap) draws every row as the whole batch
 * does: same tokens, log-probs equal up to the batch size's float rounding, tool turns included.
 */
class BatchSplitTest {
    @Test
    void executorRolloutInBlocksOfThreeEqualsTheWholeBatch() {
        PythonSandbox sandbox = TestSandboxes.start(5000);
        Map<Integer, String> specials = new HashMap<>();
        for (int id = 256; id < 500; id++) {
            specials.put(id, ExecutorAgentModelTest.TOOL);
        }
        ByteTokenizer tok = new ByteTokenizer(512, specials);
        try (sandbox;
                NDManager manager = NDManager.newBaseManager(Device.cpu());
                QwenModel model = new QwenModel(QwenWeights.load(Fixture.qwen3Tiny(), manager))) {
            ExecutorConfig config =
                    ExecutorConfig.defaults()
                            .withSystemPrompt("S")
                            .withResponseBudget(64)
                            .withObservationTokens(16)
                            .withMaxToolCalls(2)
                            .withSampling(new SamplingConfig(1.0, 0, 1.0, 5L));
            TurnGenerator.Factory whole = TurnGenerator.sessions(new Generator(model, tok));
            List<Integer> blockRows = new ArrayList<>();
            TurnGenerator.Factory split =
                    recordingRows(whole.withMaxRows(capacity -> 3), blockRows);
            List<Trajectory> a =
                    executor(whole, tok, sandbox, model, config)
                            .solve(List.of("one", "two"), 4, 5L);
            List<Trajectory> b =
                    executor(split, tok, sandbox, model, config)
                            .solve(List.of("one", "two"), 4, 5L);

            assertEquals(List.of(3, 3, 2), blockRows);
            assertEquals(8, b.size());
            boolean toolTurn = false;
            for (int r = 0; r < a.size(); r++) {
                assertArrayEquals(a.get(r).responseIds(), b.get(r).responseIds(), "row " + r);
                assertArrayEquals(a.get(r).lossMask(), b.get(r).lossMask(), "row " + r);
                assertArrayEquals(a.get(r).logProbs(), b.get(r).logProbs(), 1e-4f, "row " + r);
                assertEquals(a.get(r).toolCalls().size(), b.get(r).toolCalls().size());
                toolTurn |= !b.get(r).toolCalls().isEmpty();
            }
            assertTrue(toolTurn, "some row called the tool, so blocks resumed after a tool turn");
        }
    }

    @Test
    void curriculumSamplesInBlocksEqualTheWholeBatch() {
        ByteTokenizer tok = new ByteTokenizer(512, Map.of());
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                QwenModel model = new QwenModel(QwenWeights.load(Fixture.qwen3Tiny(), manager))) {
            CurriculumConfig config =
                    CurriculumConfig.defaults()
                            .withSystemPrompt("S")
                            .withUserPrompt("U")
                            .withMaxNewTokens(24)
                            .withSampling(new SamplingConfig(1.0, 0, 1.0, 3L));
            TurnGenerator.Factory whole = TurnGenerator.sessions(new Generator(model, tok));
            List<Integer> blockRows = new ArrayList<>();
            TurnGenerator.Factory split = recordingRows(whole.withMaxRows(c -> 2), blockRows);
            List<CurriculumSample> a = curriculum(whole, tok, model, config).sample(5, 3L);
            List<CurriculumSample> b = curriculum(split, tok, model, config).sample(5, 3L);

            assertEquals(List.of(2, 2, 1), blockRows);
            for (int r = 0; r < 5; r++) {
                assertArrayEquals(a.get(r).responseIds(), b.get(r).responseIds(), "row " + r);
            }
        }
    }

    @Test
    void rowsWithinDividesTheCapByTheWorstCaseCacheAndKeepsOneRow() {
        QwenConfig c = QwenConfig.qwen3_0_6B();
        long perColumn = KvCache.bytesPerColumn(c, DataType.FLOAT32);
        assertEquals(2L * 28 * 8 * 128 * 4, perColumn); // keys and values of 28 layers
        assertEquals(7, KvCache.rowsWithin(c, DataType.FLOAT32, 7 * 512 * perColumn + 1, 512));
        assertEquals(6, KvCache.rowsWithin(c, DataType.FLOAT32, 7 * 512 * perColumn - 1, 512));
        assertEquals(1, KvCache.rowsWithin(c, DataType.FLOAT32, 1, 512));
    }

    @Test
    void aCappedFactoryRefusesABatchLargerThanItsLimit() {
        TurnGenerator.Factory f = (p, c, cap) -> null;
        TurnGenerator.Factory capped = f.withMaxRows(cap -> 2);
        assertEquals(2, capped.maxRows(100));
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                capped.start(
                                        List.of(new int[] {1}, new int[] {1}, new int[] {1}),
                                        null,
                                        100));
        assertTrue(e.getMessage().contains("exceed the limit of 2 rows"), e.getMessage());
    }

    private static ExecutorAgent executor(
            TurnGenerator.Factory f,
            ByteTokenizer tok,
            PythonSandbox sandbox,
            QwenModel model,
            ExecutorConfig config) {
        return new ExecutorAgent(
                f, tok, ExecutorAgentTest.FORMAT, sandbox, model.config().eosTokenIds(), config);
    }

    private static CurriculumAgent curriculum(
            TurnGenerator.Factory f, ByteTokenizer tok, QwenModel model, CurriculumConfig config) {
        return new CurriculumAgent(
                f, tok, ExecutorAgentTest.FORMAT, model.config().eosTokenIds(), config);
    }

    private static TurnGenerator.Factory recordingRows(
            TurnGenerator.Factory inner, List<Integer> rows) {
        return new TurnGenerator.Factory() {
            @Override
            public TurnGenerator start(
                    List<int[]> prompts,
                    dev.agent0.core.generate.GenerationConfig config,
                    int capacity) {
                rows.add(prompts.size());
                return inner.start(prompts, config, capacity);
            }

            @Override
            public int maxRows(int capacity) {
                return inner.maxRows(capacity);
            }
        };
    }
}
