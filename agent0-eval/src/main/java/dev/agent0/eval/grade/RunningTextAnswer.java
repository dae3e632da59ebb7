package dev.agent0.eval.grade;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the final answer of a response the way Math-Verify ({@code math_verify.parser}, the default
 * {@code LatexExtractionConfig} + {@code ExprExtractionConfig}) does, for the value grader.
 *
 * <p>Order: the last {@code \boxed{}} (with the boxes right before it that only separators part, as
 * one list: {@code \boxed{1}, \boxed{2}} is 1, 2); then an anchor ("final answer is", "the answer
 * is", "Answer:") and the first math span or the rest of its line; then a short one-line response
 * without a math span taken whole (a bare answer such as {@code \frac{1}{2}}: not Math-Verify's,
 * kept from {@link AnswerExtractor#extract}); then, among the LaTeX math spans ({@code $…$}, {@code
 * $$…$$}, {@code \(…\)}, {@code \[…\]}) and the plain numbers of the text, the one that ends last
 * (Math-Verify's priority-300 group, rightmost end first); then nothing. A percent word or sign
 * right after a span or a number ({@code $28$ percent}, {@code 28 pct}) becomes {@code \%}. Numbers
 * in running text follow Math-Verify's number regex: {@code 1,000} and {@code 12,345,678} are
 * thousands, any other single comma between digits is a decimal comma ({@code 1,22} = 1.22, {@code
 * 0,111} = 0.111).
 *
 * <p>Departures from Math-Verify: only boxes that nothing but separators part are joined
 * (Math-Verify's default {@code boxed="all"} joins every box of the response, so an intermediate
 * {@code \boxed{3}} would join the final one); the boxed answer always wins (Math-Verify ranks
 * "final answer ... is X" equal to {@code \boxed{}} and takes the one that ends last); answers are
 * not parsed here, so a span that fails to parse is not skipped for the next candidate; {@code
 * 1,2345} reads as 1.2345 (Math-Verify: 1234).
 */
final class RunningTextAnswer {
    /** A one-line response up to this length with at most two plain words is a bare answer. */
    static final int BARE_ANSWER_MAX = 80;

    private static final String PERCENT_WORD =
            "(?:\\\\?%|[Pp]ercentage|[Pp]ercent|[Pp]ct)(?![A-Za-z])";
    private static final Pattern SPAN =
            Pattern.compile(
                    "(?<!\\\\)\\$\\$((?:[^$]|\\$(?!\\$))+?)(?<!\\\\)\\$\\$"
                            + "|(?<!\\\\)\\\\\\[((?:[^\\\\]|\\\\(?!\\]))+?)\\\\\\]"
                            + "|(?<![\\\\\\d])\\$((?:\\\\\\$|[^\\n$])+?)(?<!\\\\)\\$"
                            + "|(?<!\\\\)\\\\\\(((?:[^\\\\\\n]|\\\\(?!\\)))+?)\\\\\\)");
    private static final Pattern PERCENT_AFTER = Pattern.compile("^\\s*" + PERCENT_WORD);

    /**
     * Math-Verify's plain number: thousands groups first (a leading digit 1–9, groups of three),
     * else digits with an optional decimal point or comma, else a leading-dot decimal.
     */
    private static final String NUMBER_BODY =
            "(-?[1-9]\\d{0,2}(?:,\\d{3})+(?:\\.\\d+)?(?!\\d)|-?\\d+(?:[.,]\\d+)?|\\.\\d+)";

    private static final Pattern NUMBER =
            Pattern.compile("(?<![\\d.,])" + NUMBER_BODY + "(\\s*" + PERCENT_WORD + ")?");

    /** A number with an optional currency sign, percent word and trailing plain words. */
    private static final Pattern WHOLE_NUMBER =
            Pattern.compile(
                    "^[$€£¥₹]?\\s*"
                            + NUMBER_BODY
                            + "(\\s*"
                            + PERCENT_WORD
                            + ")?[$€£¥₹]?((?:\\s+[A-Za-z]+)*)[\\s.,;:!]*$");

    /** Math-Verify joins at most six boxed answers (one plus five "next" groups). */
    static final int MAX_BOXES = 6;

    /** What may stand between two boxes of one answer. */
    private static final Pattern BOX_SEPARATOR =
            Pattern.compile(
                    "(?:[\\s$,;]|\\\\[,;:]|\\\\quad"
                            + "|\\\\text\\{\\s*(?:and|or)\\s*\\}"
                            + "|(?<![A-Za-z])(?:and|or)(?![A-Za-z]))+$");

    private static final Pattern ANCHOR =
            Pattern.compile("(?i)(?:final answer is|the answer is|answer:)\\s*:?\\s*([^\\n]*)");
    private static final Pattern PLAIN_WORD = Pattern.compile("(?<![\\\\\\w])[A-Za-z]{2,}\\b");

    private RunningTextAnswer() {}

    static Optional<String> extract(String response) {
        if (response == null || response.isBlank()) {
            return Optional.empty();
        }
        Optional<String> boxed = boxedGroup(response);
        if (boxed.isPresent()) {
            return boxed;
        }
        Optional<String> anchored = anchored(response);
        if (anchored.isPresent()) {
            return anchored;
        }
        Optional<String> spanOrNumber = lastSpanOrNumber(response);
        String trimmed = response.strip();
        boolean bare =
                !trimmed.contains("\n")
                        && trimmed.length() <= BARE_ANSWER_MAX
                        && !SPAN.matcher(trimmed).find()
                        && (plainWords(trimmed) <= 2 || !trimmed.matches("(?s).*\\d.*"));
        if (bare) {
            return nonEmpty(textAnswer(trimmed.replaceAll("[.\\s]+$", "")));
        }
        return spanOrNumber;
    }

    /**
     * The last {@code \boxed{}} together with the boxes right before it that only separators part
     * ({@code ,} {@code ;} {@code and} {@code or} {@code $} spaces), joined by commas, so that
     * {@code \boxed{1}, \boxed{2}} is the list 1, 2; up to {@link #MAX_BOXES}, consecutive
     * duplicates once (latex2sympy2_extended's {@code extract_boxed_content}).
     */
    static Optional<String> boxedGroup(String response) {
        Optional<String> last = AnswerExtractor.lastBoxed(response);
        if (last.isEmpty()) {
            return last;
        }
        List<String> items = new ArrayList<>(List.of(last.get()));
        String before = response.substring(0, boxStart(response));
        while (items.size() < MAX_BOXES) {
            String rest = BOX_SEPARATOR.matcher(before).replaceFirst("");
            if (!rest.endsWith("}")) {
                break;
            }
            int start = boxStart(rest);
            Optional<String> prev = start < 0 ? Optional.empty() : boxContentEndingAt(rest, start);
            if (prev.isEmpty()) {
                break;
            }
            if (!prev.get().equals(items.get(0))) {
                items.add(0, prev.get());
            }
            before = rest.substring(0, start);
        }
        return Optional.of(String.join(", ", items));
    }

    private static int boxStart(String text) {
        return Math.max(text.lastIndexOf("\\boxed"), text.lastIndexOf("\\fbox"));
    }

    /** The content of the box at {@code start} when its closing brace is the last character. */
    private static Optional<String> boxContentEndingAt(String text, int start) {
        int open = text.indexOf('{', start);
        if (open < 0 || !text.substring(start, open).matches("\\\\(?:boxed|fbox)\\s*")) {
            return Optional.empty();
        }
        int depth = 0;
        for (int j = open; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return j == text.length() - 1
                        ? Optional.of(text.substring(open + 1, j).strip())
                        : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** After the last anchor: its first math span, else the rest of the line. */
    private static Optional<String> anchored(String response) {
        Matcher m = ANCHOR.matcher(response);
        String rest = null;
        while (m.find()) {
            rest = m.group(1);
        }
        if (rest == null) {
            return Optional.empty();
        }
        Matcher span = SPAN.matcher(rest);
        if (span.find()) {
            return nonEmpty(withPercent(spanText(span), rest.substring(span.end())));
        }
        return nonEmpty(textAnswer(rest.strip().replaceAll("[.\\s]+$", "")));
    }

    /** The last math span or plain number, whichever ends later. */
    private static Optional<String> lastSpanOrNumber(String response) {
        Matcher s = SPAN.matcher(response);
        String span = null;
        int spanEnd = -1;
        while (s.find()) {
            span = withPercent(spanText(s), response.substring(s.end()));
            spanEnd = s.end();
        }
        Matcher n = NUMBER.matcher(response);
        String number = null;
        int numberEnd = -1;
        while (n.find()) {
            number = canonical(n.group(1)) + (n.group(2) == null ? "" : "\\%");
            numberEnd = n.end();
        }
        if (number != null && numberEnd > spanEnd) {
            return Optional.of(number);
        }
        return Optional.ofNullable(span).flatMap(RunningTextAnswer::nonEmpty);
    }

    private static String spanText(Matcher m) {
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.group(g) != null) {
                return m.group(g).strip();
            }
        }
        throw new IllegalStateException("a span match without a group");
    }

    private static String withPercent(String span, String after) {
        return PERCENT_AFTER.matcher(after).find() && !span.endsWith("%") ? span + "\\%" : span;
    }

    /**
     * A candidate from running text: when it is one plain number (with a currency sign, a percent
     * word, plain words after it), the number alone as Math-Verify's number regex reads it,
     * thousands or decimal comma resolved ({@code 1,22 kg} → 1.22, {@code 28 pct} → 28\%); anything
     * else as is.
     */
    static String textAnswer(String candidate) {
        Matcher m = WHOLE_NUMBER.matcher(candidate.strip());
        if (!m.matches()) {
            return candidate;
        }
        return canonical(m.group(1)) + (m.group(2) == null ? "" : "\\%");
    }

    /** 12,345.5 → 12345.5 (thousands); 1,22 → 1.22 and 0,111 → 0.111 (decimal comma). */
    static String canonical(String number) {
        if (number.matches("-?[1-9]\\d{0,2}(?:,\\d{3})+(?:\\.\\d+)?")) {
            return number.replace(",", "");
        }
        return number.replace(',', '.');
    }

    private static int plainWords(String s) {
        int words = 0;
        for (Matcher m = PLAIN_WORD.matcher(s); m.find(); ) {
            words++;
        }
        return words;
    }

    private static Optional<String> nonEmpty(String s) {
        String t = s.strip();
        return t.isEmpty() ? Optional.empty() : Optional.of(t);
    }
}
