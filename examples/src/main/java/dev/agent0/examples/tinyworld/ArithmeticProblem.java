package dev.agent0.examples.tinyworld;

import java.util.ArrayList;
import java.util.List;

/**
 * One tiny-world problem: an integer expression over {@code + - *} with the usual precedence.
 *
 * @param expression e.g. {@code "37+58*2"}, no spaces
 * @param level the level it was drawn at, or null for a problem the curriculum wrote
 */
public record ArithmeticProblem(String expression, DifficultyLevel level) {

    /** The exact value (multiplication binds tighter than + and −; left to right otherwise). */
    public long value() {
        return evaluate(expression);
    }

    /**
     * Evaluates a {@code + - *} expression of non-negative integer literals.
     *
     * @throws IllegalArgumentException naming the expression when it is not of that form
     */
    public static long evaluate(String expression) {
        List<Long> terms = new ArrayList<>();
        List<Character> signs = new ArrayList<>();
        long term = 1;
        int i = 0;
        char sign = '+';
        while (true) {
            int start = i;
            while (i < expression.length() && Character.isDigit(expression.charAt(i))) {
                i++;
            }
            if (start == i || i - start > 12) {
                throw new IllegalArgumentException(
                        "not an integer expression: '" + expression + "'");
            }
            term = Math.multiplyExact(term, Long.parseLong(expression.substring(start, i)));
            if (i == expression.length() || expression.charAt(i) != '*') {
                terms.add(term);
                signs.add(sign);
                term = 1;
                if (i == expression.length()) {
                    break;
                }
                sign = expression.charAt(i);
                if (sign != '+' && sign != '-') {
                    throw new IllegalArgumentException(
                            "not an integer expression: '" + expression + "'");
                }
            }
            i++;
        }
        long total = 0;
        for (int k = 0; k < terms.size(); k++) {
            total =
                    signs.get(k) == '+'
                            ? Math.addExact(total, terms.get(k))
                            : Math.subtractExact(total, terms.get(k));
        }
        return total;
    }
}
