package dev.agent0.examples.tinyworld;

import dev.agent0.eval.grade.ValueEquivalence;
import java.util.regex.Pattern;

/**
 * How the tiny world grades a final answer against the exact value of its problem: the answer must
 * be an integer literal, and equal the value as the eval module's {@link ValueEquivalence} (the
 * grader self-consistency votes with) judges.
 *
 * <p>What that means, exactly:
 *
 * <ul>
 *   <li>Spaces anywhere are ignored: {@code "- 12"} reads as −12.
 *   <li>An optional sign and leading zeros are accepted and compared by value: {@code "-0"} equals
 *       0, {@code "+7"} and {@code "007"} equal 7 (value equivalence compares exact rationals).
 *   <li>Anything else is wrong, even when value equivalence alone would accept it: an unevaluated
 *       expression ({@code "3+4"} for 7), a decimal ({@code "7.0"}), a fraction, thousands
 *       separators. The answer must be the computed integer: otherwise a model that copies the
 *       question into {@code \boxed{}} would score perfectly.
 *   <li>No answer (null or blank) is wrong.
 * </ul>
 */
public final class IntegerAnswer {
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,18}");
    private static final ValueEquivalence VALUE = new ValueEquivalence();

    private IntegerAnswer() {}

    /**
     * True when {@code answer}, spaces removed, is a signed integer literal (at most 18 digits).
     */
    public static boolean isInteger(String answer) {
        return answer != null && INTEGER.matcher(squash(answer)).matches();
    }

    /**
     * True when {@code answer} is an integer literal equal to {@code value} (see the class doc).
     */
    public static boolean correct(String answer, long value) {
        if (!isInteger(answer)) {
            return false;
        }
        return VALUE.compare(squash(answer), Long.toString(value)).correct();
    }

    private static String squash(String s) {
        return s.replaceAll("\\s+", "");
    }
}
