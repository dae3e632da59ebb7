package dev.agent0.core.agent;

import java.util.Optional;

/**
 * Finds the content of the last {@code \boxed{…}} (or {@code \fbox{…}}) in a model's text, with
 * brace matching, and the brace-less form {@code \boxed 5} (as the Hendrycks MATH code reads it).
 *
 * <p>Both agents read their answer this way: the executor's final answer and the curriculum's
 * own answer are the last boxed expression of the response (AGENT0-SPEC.md sections 2 and 3).
 */
public final class BoxedAnswer {
    private static final String[] COMMANDS = {"\\boxed", "\\fbox"};

    private BoxedAnswer() {}

    /** The content of the last balanced boxed expression, trimmed; empty when there is none. */
    public static Optional<String> last(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int start = lastCommand(text);
        while (start >= 0) {
            Optional<String> content = contentAt(text, start);
            if (content.isPresent()) {
                return content;
            }
            // Unbalanced: try the boxed expression before this one.
            start = start == 0 ? -1 : lastCommand(text.substring(0, start));
        }
        return Optional.empty();
    }

    private static int lastCommand(String text) {
        int best = -1;
        for (String c : COMMANDS) {
            best = Math.max(best, text.lastIndexOf(c));
        }
        return best;
    }

    private static Optional<String> contentAt(String text, int start) {
        int i = start + (text.startsWith("\\boxed", start) ? 6 : 5);
        if (i < text.length() && text.charAt(i) == ' ') {
            // "\boxed 5": up to the next '$' or the end of the line, as Hendrycks' code reads it.
            int end = i + 1;
            while (end < text.length() && text.charAt(end) != '$' && text.charAt(end) != '\n') {
                end++;
            }
            String s = text.substring(i + 1, end).strip();
            return s.isEmpty() ? Optional.empty() : Optional.of(s);
        }
        if (i >= text.length() || text.charAt(i) != '{') {
            return Optional.empty();
        }
        int depth = 0;
        for (int j = i; j < text.length(); j++) {
            char ch = text.charAt(j);
            if (ch == '{') {
                depth++;
            } else if (ch == '}') {
                depth--;
                if (depth == 0) {
                    return Optional.of(text.substring(i + 1, j).strip());
                }
            }
        }
        return Optional.empty();
    }
}
