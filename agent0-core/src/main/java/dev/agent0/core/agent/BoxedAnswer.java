package dev.agent0.core.agent;

import java.util.Optional;

/**
 * Finds the content of the last {@code \boxed{…}} (or {@code \fbox{…}}) in a model's text, with
 * brace matching, and the brace-less form {@code \boxed 5}, as Hendrycks' MATH code ({@code
 * last_boxed_only_string}) reads them.
 *
 * <p>Both agents read their answer this way (AGENT0-SPEC.md sections 2 and 3), and the eval
 * module's extractor delegates here, so training rewards and evaluation parse answers alike. An
 * unbalanced last box (a response cut off inside it) is no answer, not the box before it.
 */
public final class BoxedAnswer {
    private BoxedAnswer() {}

    /**
     * The content of the last boxed expression, trimmed; empty when there is none or it is
     * unbalanced.
     */
    public static Optional<String> last(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int at = Math.max(text.lastIndexOf("\\boxed"), text.lastIndexOf("\\fbox"));
        if (at < 0) {
            return Optional.empty();
        }
        int i = at + (text.startsWith("\\boxed", at) ? 6 : 5);
        if (i < text.length() && text.charAt(i) == ' ') {
            // "\boxed 5": up to the closing $ (as in Hendrycks' last_boxed_only_string).
            String rest = text.substring(i + 1);
            int end = rest.indexOf('$');
            String s = (end < 0 ? rest : rest.substring(0, end)).strip();
            return s.isEmpty() ? Optional.empty() : Optional.of(s);
        }
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i >= text.length() || text.charAt(i) != '{') {
            return Optional.empty();
        }
        int depth = 0;
        for (int j = i; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return Optional.of(text.substring(i + 1, j).strip());
            }
        }
        return Optional.empty();
    }
}
