package dev.agent0.eval.grade;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * lm-evaluation-harness GSM8K exact match: the {@code strict-match} and {@code flexible-extract}
 * filters of {@code lm_eval/tasks/gsm8k/gsm8k.yaml}, then {@code exact_match} with {@code
 * ignore_case} and {@code regexes_to_ignore = [",", "\$", "(?s).*#### ", "\.$"]}, applied to
 * prediction and reference alike. Strings are compared, so {@code 18.00} ≠ {@code 18}.
 *
 * <p>Applies only to golds that are numbers (after {@code ####}); others get NOT_APPLICABLE.
 */
public final class Gsm8kMatch implements Grader {
    /** The two filters of the lm-eval task. */
    public enum Mode {
        /** Regex {@code #### (\-?[0-9\.\,]+)}, FIRST match; {@code gsm8k_strict}. */
        STRICT("gsm8k_strict", Pattern.compile("#### (\\-?[0-9\\.\\,]+)"), false),
        /** Regex {@code (-?[$0-9.,]{2,})|(-?[0-9]+)}, LAST match; {@code gsm8k_flexible}. */
        FLEXIBLE("gsm8k_flexible", Pattern.compile("(-?[$0-9.,]{2,})|(-?[0-9]+)"), true);

        final String graderName;
        final Pattern pattern;
        final boolean last;

        Mode(String graderName, Pattern pattern, boolean last) {
            this.graderName = graderName;
            this.pattern = pattern;
            this.last = last;
        }
    }

    static final String INVALID = "[invalid]";
    private static final List<Pattern> IGNORE =
            List.of(
                    Pattern.compile(","),
                    Pattern.compile("\\$"),
                    Pattern.compile("(?s).*#### "),
                    Pattern.compile("\\.$"));
    private static final Pattern NUMERIC_GOLD = Pattern.compile("-?[$0-9.,]*[0-9][$0-9.,]*");

    private final Mode mode;

    public Gsm8kMatch(Mode mode) {
        this.mode = mode;
    }

    @Override
    public String name() {
        return mode.graderName;
    }

    @Override
    public Grade grade(String response, String gold) {
        String target =
                gold.contains("####")
                        ? gold.substring(gold.lastIndexOf("####") + 4).strip()
                        : gold.strip();
        if (!NUMERIC_GOLD.matcher(target).matches()) {
            return new Grade(
                    name(),
                    GradeStatus.NOT_APPLICABLE,
                    null,
                    "gold '" + target + "' is not a number");
        }
        String extracted = filter(response == null ? "" : response);
        boolean eq = normalise(extracted).equals(normalise(target));
        GradeStatus status =
                extracted.equals(INVALID)
                        ? GradeStatus.NO_ANSWER
                        : eq ? GradeStatus.CORRECT : GradeStatus.INCORRECT;
        return new Grade(name(), status, extracted, eq ? "exact match" : "no exact match");
    }

    /** The regex filter then take_first: the selected match, or {@code [invalid]}. */
    String filter(String response) {
        Matcher m = mode.pattern.matcher(response);
        List<String> matches = new ArrayList<>();
        while (m.find()) {
            String pick = null;
            for (int g = 1; g <= m.groupCount() && pick == null; g++) {
                if (m.group(g) != null && !m.group(g).isEmpty()) {
                    pick = m.group(g); // findall's tuple: the first non-empty group
                }
            }
            matches.add(pick == null ? "" : pick);
        }
        if (matches.isEmpty()) {
            return INVALID;
        }
        String match = mode.last ? matches.get(matches.size() - 1) : matches.get(0);
        return match.isEmpty() ? INVALID : match.strip();
    }

    static String normalise(String s) {
        for (Pattern p : IGNORE) {
            s = p.matcher(s).replaceAll("");
        }
        return s.toLowerCase(java.util.Locale.ROOT);
    }
}
