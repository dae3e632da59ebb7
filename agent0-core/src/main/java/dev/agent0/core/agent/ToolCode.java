package dev.agent0.core.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The executor's tool protocol in text: {@code ```python} blocks in, an {@code ```output} block
 * back (AGENT0-SPEC.md section 3).
 */
public final class ToolCode {
    /** The stop string that ends a turn which wants its code run; it stays in the text. */
    public static final String OUTPUT_MARKER = "```output";

    private static final Pattern PYTHON =
            Pattern.compile("```python\\s*\\n(.*?)```", Pattern.DOTALL);

    private ToolCode() {}

    /** Every complete {@code ```python} block of one turn, in order. */
    public static List<String> pythonBlocks(String turn) {
        List<String> blocks = new ArrayList<>();
        Matcher m = PYTHON.matcher(turn);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** The blocks of one turn joined with newlines into the one program the sandbox runs. */
    public static String program(String turn) {
        return String.join("\n", pythonBlocks(turn));
    }

    /**
     * The observation appended after {@code ```output}: {@code "\n" + result + "\n```\n"}, where
     * result is stdout then stderr, stripped.
     */
    public static String observation(String stdout, String stderr) {
        String out = stdout == null ? "" : stdout;
        String err = stderr == null ? "" : stderr;
        // Keep stderr on its own line when stdout did not end one.
        String sep = out.isEmpty() || err.isEmpty() || out.endsWith("\n") ? "" : "\n";
        String result = (out + sep + err).strip();
        return "\n" + result + "\n```\n";
    }
}
