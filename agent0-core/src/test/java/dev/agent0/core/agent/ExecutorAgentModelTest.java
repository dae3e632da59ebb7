package dev.agent0.core.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.agent0.core.generate.GenerationResult;
import dev.agent0.core.generate.Generator;
import dev.agent0.core.generate.SamplingConfig;
import dev.agent0.core.model.Fixture;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.sandbox.Status;
import dev.agent0.sandbox.local.PythonSandbox;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rollout on the real {@code GenerationSession} with the random qwen3-tiny fixture and the real
 * sandbox. A byte tokenizer maps ids 256..499 to a whole tool call, so the random model calls the
 * tool almost at once; the claims are about bookkeeping, not about answers.
 */
class ExecutorAgentModelTest {
    static final String TOOL = "```python\nprint(6*7)\n```\n```output";
    static final String OBS = "\n42\n```\n";

    @Test
    void resumedSessionHoldsMaskedObservationsAndConsistentLengths() {
        PythonSandbox sandbox = TestSandboxes.start(5000);
        Map<Integer, String> specials = new HashMap<>();
        for (int id = 256; id < 500; id++) {
            specials.put(id, TOOL);
        }
        ByteTokenizer tok = new ByteTokenizer(512, specials);
        List<int[]> sessionTokens = new ArrayList<>();
        try (sandbox;
                NDManager manager = NDManager.newBaseManager(Device.cpu());
                QwenModel model = new QwenModel(QwenWeights.load(Fixture.qwen3Tiny(), manager))) {
            TurnGenerator.Factory real = TurnGenerator.sessions(new Generator(model, tok));
            TurnGenerator.Factory capturing =
                    (p, c, cap) -> snapshotOnClose(real.start(p, c, cap), p.size(), sessionTokens);
            ExecutorConfig config =
                    ExecutorConfig.defaults()
                            .withSystemPrompt("S")
                            .withResponseBudget(96)
                            .withObservationTokens(16)
                            .withMaxToolCalls(2)
                            .withSampling(new SamplingConfig(1.0, 0, 1.0, 11L));
            ExecutorAgent agent =
                    new ExecutorAgent(
                            capturing,
                            tok,
                            ExecutorAgentTest.FORMAT,
                            sandbox,
                            model.config().eosTokenIds(),
                            config);
            List<Trajectory> ts = agent.solve(List.of("one", "two"), 4, 11L);

            assertEquals(8, ts.size());
            int resumedAfterObservation = 0;
            int[] obsIds = tok.encode(OBS);
            for (int r = 0; r < ts.size(); r++) {
                Trajectory t = ts.get(r);
                assertTrue(t.responseIds().length <= 96, "budget");
                // Mask 0 exactly on observation tokens: their count is the tool calls' total.
                int observed = t.toolCalls().stream().mapToInt(ToolCall::observationTokens).sum();
                assertEquals(t.responseIds().length - observed, t.generatedTokens(), "row " + r);
                assertTrue(t.toolCalls().size() <= 2);
                for (int i = 0; i < t.responseIds().length; i++) {
                    if (t.lossMask()[i] == 0) {
                        assertEquals(0f, t.logProbs()[i]);
                        assertEquals(0f, t.samplingLogProbs()[i]);
                    } else {
                        assertTrue(t.logProbs()[i] < 0, "a sampled token has log p < 0");
                    }
                }
                for (ToolCall c : t.toolCalls()) {
                    assertEquals("print(6*7)\n", c.code());
                    assertEquals(Status.OK, c.status());
                    assertEquals(OBS, c.output());
                }
                // Every complete observation is present, masked, right after "```output".
                int at = indexOf(t.responseIds(), obsIds);
                if (!t.toolCalls().isEmpty()
                        && t.toolCalls().get(0).observationTokens() == obsIds.length) {
                    assertTrue(at > 0, "observation ids in the response of row " + r);
                    assertEquals(0, Arrays.stream(t.lossMask(), at, at + obsIds.length).sum());
                    assertTrue(
                            tok.decode(Arrays.copyOf(t.responseIds(), at)).endsWith("```output"));
                    if (at + obsIds.length < t.responseIds().length) {
                        resumedAfterObservation++;
                        assertEquals(1, t.lossMask()[at + obsIds.length]);
                    }
                }
                // The session holds prompt + response (one of them longer only when the budget cut
                // it).
                int[] full = t.fullIds();
                int[] held = sessionTokens.get(r);
                int common = Math.min(full.length, held.length);
                assertArrayEquals(
                        Arrays.copyOf(held, common), Arrays.copyOf(full, common), "row " + r);
                if (t.end() != RolloutEnd.BUDGET) {
                    assertArrayEquals(held, full, "row " + r);
                }
            }
            assertTrue(resumedAfterObservation > 0, "some row generated after its observation");
        }
    }

    static int indexOf(int[] hay, int[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static TurnGenerator snapshotOnClose(TurnGenerator inner, int rows, List<int[]> out) {
        return new TurnGenerator() {
            @Override
            public List<GenerationResult> generate() {
                return inner.generate();
            }

            @Override
            public void append(int seq, int[] ids) {
                inner.append(seq, ids);
            }

            @Override
            public int[] tokens(int seq) {
                return inner.tokens(seq);
            }

            @Override
            public void close() {
                for (int r = 0; r < rows; r++) {
                    out.add(inner.tokens(r));
                }
                inner.close();
            }
        };
    }
}
