package dev.agent0.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ToolCodeTest {

    @Test
    void joinsEveryPythonBlockOfTheTurn() {
        String turn =
                "Let me compute.\n"
                        + "```python\n"
                        + "x = 2\n"
                        + "```\n"
                        + "and\n"
                        + "```python\n"
                        + "print(x*3)\n"
                        + "```\n"
                        + "```output";
        assertEquals(List.of("x = 2\n", "print(x*3)\n"), ToolCode.pythonBlocks(turn));
        assertEquals("x = 2\n\nprint(x*3)\n", ToolCode.program(turn));
    }

    @Test
    void observationIsStdoutThenStderrStripped() {
        assertEquals("\n6\n```\n", ToolCode.observation("6\n", ""));
        assertEquals(
                "\n1\nTraceback: boom\n```\n", ToolCode.observation("1\n", "Traceback: boom\n"));
        assertEquals("\n1\nerr\n```\n", ToolCode.observation("1", "err"));
        assertEquals("\n\n```\n", ToolCode.observation("", null));
    }
}
