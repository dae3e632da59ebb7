package dev.agent0.eval.grade;

import dev.agent0.core.agent.BoxedAnswer;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the final answer in a model response or a reference solution.
 *
 * <p>Order: the last {@code \boxed{…}} / {@code \fbox{…}} with brace matching (also {@code \boxed
 * 5}); then the last anchor ("The final answer is", "the answer is", "Answer:", GSM8K's "####");
 * then the whole response when it is one short line (a bare answer); then the last number. This
 * order serves the Hendrycks grader and is kept as it was; the value grader uses {@link
 * #extractValue}, which follows Math-Verify (math spans in running text, decimal commas, percent
 * words).
 */
public final class AnswerExtractor {
    /** A response of one line up to this length is taken as a bare answer. */
    static final int BARE_ANSWER_MAX = 80;

    private static final Pattern ANCHOR =
            Pattern.compile(
                    "(?i)(?:the final answer is|the answer is|answer:|####)\\s*:?\\s*([^\\n]*)");
    private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d,]*(?:\\.\\d+)?|-?\\.\\d+");

    private AnswerExtractor() {}

    /** The content of the last balanced {@code \boxed{}} or {@code \fbox{}}, if any. */
    public static Optional<String> lastBoxed(String text) {
        return BoxedAnswer.last(text);
    }

    /** GSM8K gold: the text after the last {@code ####}, thousands commas removed. */
    public static String gsm8kGold(String answer) {
        int at = answer.lastIndexOf("####");
        if (at < 0) {
            throw new IllegalArgumentException(
                    "GSM8K answer has no '####' line: "
                            + answer.substring(0, Math.min(60, answer.length())));
        }
        return answer.substring(at + 4).strip().replace(",", "");
    }

    /** A reference answer: GSM8K text, a solution with \boxed{}, or already a bare answer. */
    public static String gold(String gold) {
        if (gold.contains("####")) {
            return gsm8kGold(gold);
        }
        return lastBoxed(gold).orElse(gold.strip());
    }

    /**
     * The final answer of a model response as Math-Verify finds it: the last {@code \boxed{}}, then
     * an anchor, then the last math span ({@code $…$}, {@code \(…\)}, ...) or plain number,
     * whichever ends last; see {@link RunningTextAnswer}. Empty when none is found.
     */
    public static Optional<String> extractValue(String response) {
        return RunningTextAnswer.extract(response);
    }

    /** The final answer of a model response, or empty when none is found. */
    public static Optional<String> extract(String response) {
        if (response == null || response.isBlank()) {
            return Optional.empty();
        }
        Optional<String> boxed = lastBoxed(response);
        if (boxed.isPresent()) {
            return boxed;
        }
        Matcher m = ANCHOR.matcher(response);
        String anchored = null;
        while (m.find()) {
            anchored = m.group(1);
        }
        if (anchored != null) {
            String a = anchored.strip().replaceAll("^\\$+|[.$\\s]+$", "").strip();
            if (!a.isEmpty()) {
                return Optional.of(a);
            }
        }
        String trimmed = response.strip();
        if (!trimmed.contains("\n") && trimmed.length() <= BARE_ANSWER_MAX) {
            return Optional.of(trimmed.replaceAll("^\\$+|[.$\\s]+$", "").strip());
        }
        Matcher n = NUMBER.matcher(response);
        String last = null;
        while (n.find()) {
            last = n.group();
        }
        return Optional.ofNullable(last).map(s -> s.replace(",", ""));
    }
}
