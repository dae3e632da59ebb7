package dev.agent0.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent0.sandbox.Status;
import dev.agent0.sandbox.local.PythonSandbox;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rollout against the real local sandbox pool (needs root or user namespaces; skips otherwise).
 */
class ExecutorSandboxTest {
    static PythonSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = TestSandboxes.start(2_000);
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void blocksOfOneTurnRunAsOneProgramAndNoStateCrossesTurns() {
        // Turn 1 defines x in one block and prints in another: they must run joined. Turn 2 reads x
        // again: each call is a fresh process, so it must fail with a NameError.
        String turn1 = "```python\nx = 6\n```\nand\n```python\nprint(x * 7)\n```\n```output";
        String turn2 = "Again:\n```python\nprint(x)\n```\n```output";
        ScriptedTurns turns =
                new ScriptedTurns(
                        ExecutorAgentTest.TOK,
                        (row, k) -> k == 0 ? turn1 : k == 1 ? turn2 : "\\boxed{42}");
        ExecutorAgent agent =
                new ExecutorAgent(
                        turns,
                        ExecutorAgentTest.TOK,
                        ExecutorAgentTest.FORMAT,
                        sandbox,
                        ExecutorAgentTest.EOS,
                        ExecutorAgentTest.config());
        Trajectory t = agent.solve(List.of("p"), 1, 0).get(0);

        ToolCall first = t.toolCalls().get(0);
        assertEquals("x = 6\n\nprint(x * 7)\n", first.code());
        assertEquals(Status.OK, first.status());
        assertEquals("\n42\n```\n", first.output());
        ToolCall second = t.toolCalls().get(1);
        assertEquals(Status.RUNTIME_ERROR, second.status());
        assertTrue(second.output().contains("NameError"), second.output());
        assertTrue(second.output().endsWith("\n```\n"));
        assertEquals(turn1 + "\n42\n```\n" + turn2 + second.output() + "\\boxed{42}", t.text());
        assertEquals("42", t.answer());
        assertEquals(2, t.executedToolCalls());
    }

    @Test
    void timeoutIsToldToTheModel() {
        String turn = "```python\nwhile True: pass\n```\n```output";
        ScriptedTurns turns =
                new ScriptedTurns(ExecutorAgentTest.TOK, (row, k) -> k == 0 ? turn : "done");
        ExecutorAgent agent =
                new ExecutorAgent(
                        turns,
                        ExecutorAgentTest.TOK,
                        ExecutorAgentTest.FORMAT,
                        sandbox,
                        ExecutorAgentTest.EOS,
                        ExecutorAgentTest.config());
        Trajectory t = agent.solve(List.of("p"), 1, 0).get(0);
        assertEquals(Status.TIMEOUT, t.toolCalls().get(0).status());
        assertTrue(
                t.toolCalls().get(0).output().contains("TimeoutError"),
                t.toolCalls().get(0).output());
    }
}
