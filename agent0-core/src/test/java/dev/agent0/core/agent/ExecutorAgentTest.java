package dev.agent0.core.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent0.core.generate.SamplingConfig;
import dev.agent0.sandbox.ExecutionResult;
import dev.agent0.sandbox.Status;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The rollout's mechanics with scripted turns: what is appended, masked, cut and parsed. */
class ExecutorAgentTest {
    static final ByteTokenizer TOK = new ByteTokenizer();
    static final PromptFormat FORMAT = (system, user) -> "<s>" + system + "<u>" + user + "<a>";
    static final String TOOL_TURN = "Let me compute.\n```python\nprint(6*7)\n```\n```output";
    static final String OBS_42 = "\n42\n```\n";
    static final List<Integer> EOS = List.of(255);

    static ExecutorConfig config() {
        return ExecutorConfig.defaults()
                .withGroupSize(1)
                .withSystemPrompt("sys")
                .withSampling(new SamplingConfig(1.0, 0, 1.0, 7L));
    }

    static ExecutorAgent agent(ScriptedTurns turns, FakeSandbox sandbox, ExecutorConfig config) {
        return new ExecutorAgent(turns, TOK, FORMAT, sandbox, EOS, config);
    }

    static int[] concat(String... parts) {
        return TOK.encode(String.join("", parts));
    }

    static int[] slice(int[] a, int from, int to) {
        return Arrays.copyOfRange(a, from, to);
    }

    @Test
    void observationIsAppendedMaskedAndFedBackToTheSession() {
        // Row 0 calls the tool once then answers; row 1 answers at once and must not be resumed.
        BiFunction<Integer, Integer, String> script =
                (row, k) ->
                        row == 1
                                ? "\\boxed{7}"
                                : k == 0 ? TOOL_TURN : " So the answer is \\boxed{42}.";
        ScriptedTurns turns = new ScriptedTurns(TOK, script);
        FakeSandbox sandbox = FakeSandbox.printing("42\n");
        List<Trajectory> ts = agent(turns, sandbox, config()).solve(List.of("p0", "p1"), 1, 3L);

        Trajectory t = ts.get(0);
        int a = TOOL_TURN.length();
        int b = a + OBS_42.length();
        assertArrayEquals(
                concat(TOOL_TURN, OBS_42, " So the answer is \\boxed{42}."), t.responseIds());
        for (int i = 0; i < t.responseIds().length; i++) {
            int expected = i >= a && i < b ? 0 : 1; // observation tokens masked out of the loss
            assertEquals(expected, t.lossMask()[i], "mask at " + i);
        }
        assertEquals(0f, t.samplingLogProbs()[a]);
        assertEquals(0f, t.logProbs()[b - 1]);
        assertEquals(-0.001f, t.samplingLogProbs()[0]); // first token of a scripted round
        assertEquals(-0.001f, t.samplingLogProbs()[b]); // first token after the observation
        assertEquals(-0.01f, t.logProbs()[b]);
        assertEquals(TOOL_TURN.length() + 29, t.generatedTokens());
        assertEquals("42", t.answer());
        assertEquals(RolloutEnd.END_OF_TURN, t.end());
        assertEquals(List.of("print(6*7)\n"), sandbox.programs);
        assertEquals(
                new ToolCall("print(6*7)\n", Status.OK, OBS_42, OBS_42.length(), false),
                t.toolCalls().get(0));
        assertEquals(1, t.executedToolCalls());
        assertArrayEquals(TOK.encode("<s>sys<u>p0<a>"), t.promptIds());
        // The session got exactly the observation, for row 0 only, and holds prompt + response.
        assertEquals(1, turns.appended.size());
        assertArrayEquals(concat("\u0000", OBS_42), turns.appended.get(0)); // {row 0, obs ids}
        assertArrayEquals(t.fullIds(), turns.tokens(0));
        assertEquals(2, turns.rounds);
        assertTrue(turns.closed);

        Trajectory u = ts.get(1);
        assertEquals("7", u.answer());
        assertEquals(0, u.toolCalls().size());
        assertEquals(List.of("```output"), turns.config.stopStrings());
        assertEquals(EOS, turns.config.eosTokenIds());
        assertEquals(3L, turns.config.sampling().seed());
        assertEquals(4096, turns.config.maxNewTokens());
    }

    @Test
    void longObservationKeepsItsLastTokens() {
        ScriptedTurns turns = new ScriptedTurns(TOK, (row, k) -> k == 0 ? TOOL_TURN : "\\boxed{1}");
        FakeSandbox sandbox = FakeSandbox.printing("0123456789".repeat(10));
        Trajectory t =
                agent(turns, sandbox, config().withObservationTokens(20))
                        .solve(List.of("p"), 1, 0)
                        .get(0);
        // observation = "\n" + 100 digits + "\n```\n" (106 bytes); its last 20 bytes are the last
        // 15
        // digits and the 5-byte fence.
        int a = TOOL_TURN.length();
        assertEquals("567890123456789\n```\n", TOK.decode(slice(t.responseIds(), a, a + 20)));
        assertEquals(0, Arrays.stream(slice(t.lossMask(), a, a + 20)).sum());
        assertEquals(1, t.lossMask()[a + 20]);
        ToolCall c = t.toolCalls().get(0);
        assertTrue(c.truncated());
        assertEquals(20, c.observationTokens());
        assertEquals(106, TOK.encode(c.output()).length);
    }

    @Test
    void toolCallsStopAtTheConfiguredMaximum() {
        ScriptedTurns turns =
                new ScriptedTurns(TOK, (row, k) -> "```python\nprint(" + k + ")\n```\n```output");
        FakeSandbox sandbox = FakeSandbox.printing("x");
        Trajectory t =
                agent(turns, sandbox, config().withMaxToolCalls(2))
                        .solve(List.of("p"), 1, 0)
                        .get(0);
        assertEquals(2, t.toolCalls().size());
        assertEquals(List.of("print(0)\n", "print(1)\n"), sandbox.programs);
        assertEquals(RolloutEnd.TOOL_LIMIT, t.end());
        assertEquals(3, turns.rounds); // the third turn asked again and was refused
        assertNull(t.answer());
        // The refused third request stays in the response (generated, mask 1), with no observation.
        assertTrue(t.text().endsWith("print(2)\n```\n```output"));
        assertEquals(1, t.lossMask()[t.lossMask().length - 1]);
    }

    @Test
    void generatedTokensAreCutAtTheBudget() {
        // Tool turn 16 + 10 + 11 + 4 + 9 = 50 bytes, observation 8: 58; the budget 70 leaves 12.
        ScriptedTurns turns =
                new ScriptedTurns(TOK, (row, k) -> k == 0 ? TOOL_TURN : "0123456789abcdefghij");
        FakeSandbox sandbox = FakeSandbox.printing("42");
        Trajectory t =
                agent(turns, sandbox, config().withResponseBudget(70))
                        .solve(List.of("p"), 1, 0)
                        .get(0);
        assertEquals(50, TOOL_TURN.length());
        assertEquals(70, t.responseIds().length);
        assertEquals(TOOL_TURN + OBS_42 + "0123456789ab", t.text());
        assertEquals(RolloutEnd.BUDGET, t.end());
        assertEquals(70, turns.config.maxNewTokens());
    }

    @Test
    void observationOverflowingTheBudgetIsCutAndEndsTheRollout() {
        ScriptedTurns turns = new ScriptedTurns(TOK, (row, k) -> k == 0 ? TOOL_TURN : "never");
        FakeSandbox sandbox = FakeSandbox.printing("42");
        Trajectory t =
                agent(turns, sandbox, config().withResponseBudget(55))
                        .solve(List.of("p"), 1, 0)
                        .get(0);
        assertEquals(TOOL_TURN + "\n42\n`", t.text()); // 50 + the first 5 observation bytes
        assertEquals(RolloutEnd.BUDGET, t.end());
        assertEquals(0, turns.appended.size()); // nothing left to generate: not resumed
        assertEquals(1, turns.rounds);
        assertEquals(5, t.toolCalls().get(0).observationTokens());
    }

    @Test
    void sandboxFailureIsRecordedAsSandboxError() {
        ScriptedTurns turns = new ScriptedTurns(TOK, (row, k) -> k == 0 ? TOOL_TURN : "\\boxed{0}");
        FakeSandbox sandbox =
                new FakeSandbox(code -> ExecutionResult.sandboxError("server died", 1.0));
        Trajectory t = agent(turns, sandbox, config()).solve(List.of("p"), 1, 0).get(0);
        assertEquals(Status.SANDBOX_ERROR, t.toolCalls().get(0).status());
        assertTrue(t.hasSandboxError());
        assertTrue(t.text().contains("```output\nSandbox error: server died\n```\n"), t.text());
        assertEquals("0", t.answer());
    }

    @Test
    void turnWithoutPythonBlockRunsNothing() {
        ScriptedTurns turns =
                new ScriptedTurns(TOK, (row, k) -> k == 0 ? "hmm ```output" : "\\boxed{3}");
        FakeSandbox sandbox = FakeSandbox.printing("unused");
        Trajectory t = agent(turns, sandbox, config()).solve(List.of("p"), 1, 0).get(0);
        assertEquals(0, sandbox.programs.size());
        ToolCall c = t.toolCalls().get(0);
        assertFalse(c.executed());
        assertNull(c.status());
        assertEquals(0, t.executedToolCalls());
        assertTrue(c.output().contains("no complete ```python block"));
        assertEquals("3", t.answer());
    }

    @Test
    void singleTurnAblationRunsNoTool() {
        String text = "```python\nprint(1)\n```\n```output\n1\n```\nSo \\boxed{1}";
        ScriptedTurns turns = new ScriptedTurns(TOK, (row, k) -> text);
        Trajectory t =
                new ExecutorAgent(turns, TOK, FORMAT, null, EOS, config().withMultiTurn(false))
                        .solve(List.of("p"), 1, 0)
                        .get(0);
        assertEquals(List.of(), turns.config.stopStrings());
        assertEquals(1, turns.rounds);
        assertEquals(0, t.toolCalls().size());
        assertEquals(text, t.text());
        assertEquals(text.length(), t.generatedTokens()); // the model's own "output" is trained on
        assertEquals("1", t.answer());
        assertEquals(4096 + 512 + 1, turns.capacity - turns.prompts.get(0).length); // one round
    }

    @Test
    void multiTurnWithoutSandboxIsRefused() {
        ScriptedTurns turns = new ScriptedTurns(TOK, (row, k) -> "");
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new ExecutorAgent(turns, TOK, FORMAT, null, EOS, config()));
        assertTrue(e.getMessage().contains("sandbox is null"));
    }

    @Test
    void rowsAreProblemMajorAndToolCallsOfARoundRunAsOneBatch() {
        // Every row calls the tool once (printing its own row number) and then boxes what it saw.
        ScriptedTurns turns =
                new ScriptedTurns(
                        TOK,
                        (row, k) ->
                                k == 0
                                        ? "```python\nprint(" + row + ")\n```\n```output"
                                        : "\\boxed{" + row + "}");
        FakeSandbox sandbox = new FakeSandbox(code -> FakeSandbox.ok(code.substring(6, 7)));
        List<Trajectory> ts = agent(turns, sandbox, config()).solve(List.of("a", "b"), 3, 0);
        assertEquals(6, ts.size());
        assertEquals(List.of(6), sandbox.batchSizes); // one concurrent batch for the whole round
        for (int r = 0; r < 6; r++) {
            Trajectory t = ts.get(r);
            assertEquals(r / 3, t.problemIndex());
            assertEquals(r % 3, t.sampleIndex());
            assertArrayEquals(TOK.encode("<s>sys<u>" + (r < 3 ? "a" : "b") + "<a>"), t.promptIds());
            assertTrue(t.text().contains("```output\n" + r + "\n```\n"), t.text());
            assertEquals(String.valueOf(r), t.answer());
        }
        // Capacity: longest prompt + (4 + 1) rounds × (4096 + 512 + 1).
        assertEquals(ts.get(0).promptIds().length + 5 * 4609, turns.capacity);
    }
}
