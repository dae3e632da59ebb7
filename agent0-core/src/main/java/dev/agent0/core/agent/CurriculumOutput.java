package dev.agent0.core.agent;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A curriculum agent's generated problem: the last {@code <question>…</question>} block
 * (multi-line) and the last boxed answer (AGENT0-SPEC.md section 2).
 *
 * @param question the question text, trimmed; null when no complete block parsed
 * @param answer the curriculum's own boxed answer; null when none parsed
 * @param raw the whole generated text
 */
public record CurriculumOutput(String question, String answer, String raw) {
    private static final Pattern QUESTION =
            Pattern.compile("<question>(.*?)</question>", Pattern.DOTALL);

    /** Parses a generated text; never throws on malformed model output. */
    public static CurriculumOutput parse(String text) {
        String question = null;
        Matcher m = QUESTION.matcher(text);
        while (m.find()) {
            question = m.group(1).strip();
        }
        Optional<String> answer = BoxedAnswer.last(text);
        return new CurriculumOutput(question, answer.orElse(null), text);
    }

    /** True when the question is non-empty and a boxed answer parsed (the format gate). */
    public boolean wellFormed() {
        return question != null && !question.isEmpty() && answer != null;
    }
}
