package dev.agent0.eval.grade;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Reads an inequality in one variable as the interval it describes: {@code k \ge 2} is [2, ∞),
 * {@code x \le 3} is (−∞, 3], {@code 0 < f(x) < 1} and {@code 1 > y > 0} are (0, 1).
 *
 * <p>Math-Verify turns a gold relation into a set ({@code as_set()}) when the prediction is a set,
 * so {@code 0<f(x)<1} matches {@code (0,1)}. Here both sides are read this way, so the verdict is
 * symmetric, and the variable's name is dropped ({@code x > 2} = {@code y > 2}; Math-Verify
 * compares two relations by their sides, so there they differ). Anything else, such as {@code x + 1
 * > 2}, a chain with mixed directions or two variables, is not a relation here and reads as before.
 */
final class Relations {
    private Relations() {}

    /** The interval of {@code s}, or null when it is not a one-variable inequality (chain). */
    static MathValue.Interval asInterval(String s, ValueParser parser) {
        List<String> parts = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        if (!splitAtRelations(s, parts, ops)) {
            return null;
        }
        if (parts.size() == 2) {
            if (ValueParser.isVariable(parts.get(0))) {
                return oneSided(ops.get(0), parser.expr(parts.get(1)), parser);
            }
            if (ValueParser.isVariable(parts.get(1))) {
                return oneSided(flip(ops.get(0)), parser.expr(parts.get(0)), parser);
            }
            return null;
        }
        if (parts.size() == 3 && ValueParser.isVariable(parts.get(1))) {
            boolean up = isLess(ops.get(0));
            if (up != isLess(ops.get(1))) {
                return null;
            }
            Expr a = parser.expr(parts.get(0));
            Expr b = parser.expr(parts.get(2));
            boolean closedA = isInclusive(ops.get(0));
            boolean closedB = isInclusive(ops.get(1));
            // a < x ≤ b is (a, b]; a > x ≥ b is [b, a).
            return up
                    ? new MathValue.Interval(closedA, a, b, closedB)
                    : new MathValue.Interval(closedB, b, a, closedA);
        }
        return null;
    }

    /**
     * A relation on {@code |v|} as the set of v it allows: {@code 1 \le |z| \le 2} is [−2, −1] ∪
     * [1, 2], {@code |x| < 3} is (−3, 3), {@code |x| \ge 1} is (−∞, −1] ∪ [1, ∞). Only constant
     * bounds; null for anything else.
     */
    static MathValue absoluteRange(String s, ValueParser parser) {
        List<String> parts = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        if (!splitAtRelations(s, parts, ops)) {
            return null;
        }
        try {
            if (parts.size() == 3 && isAbsVariable(parts.get(1))) {
                boolean up = isLess(ops.get(0));
                if (up != isLess(ops.get(1))) {
                    return null;
                }
                int lo = up ? 0 : 2;
                int hi = up ? 2 : 0;
                boolean loClosed = isInclusive(ops.get(up ? 0 : 1));
                boolean hiClosed = isInclusive(ops.get(up ? 1 : 0));
                return between(
                        parser.expr(parts.get(lo)), loClosed, parser.expr(parts.get(hi)), hiClosed);
            }
            if (parts.size() == 2) {
                String op;
                Expr c;
                if (isAbsVariable(parts.get(0))) {
                    op = ops.get(0);
                    c = parser.expr(parts.get(1));
                } else if (isAbsVariable(parts.get(1))) {
                    op = flip(ops.get(0));
                    c = parser.expr(parts.get(0));
                } else {
                    return null;
                }
                if (isLess(op)) {
                    return positive(c)
                            ? new MathValue.Interval(
                                    isInclusive(op), new Expr.Neg(c), c, isInclusive(op))
                            : null;
                }
                Expr inf = parser.expr("\\infty");
                return positive(c)
                        ? new MathValue.Union(
                                List.of(
                                        new MathValue.Interval(
                                                false,
                                                new Expr.Neg(inf),
                                                new Expr.Neg(c),
                                                isInclusive(op)),
                                        new MathValue.Interval(isInclusive(op), c, inf, false)))
                        : null;
            }
        } catch (LatexParseException | ArithmeticException e) {
            return null;
        }
        return null;
    }

    /** lo ≤ |v| ≤ hi (closedness as given), for a positive hi. */
    private static MathValue between(Expr lo, boolean loClosed, Expr hi, boolean hiClosed) {
        if (!positive(hi) || !isConstant(lo)) {
            return null;
        }
        double l = lo.eval(java.util.Map.of(), new Budget(1000)).approx();
        if (Double.isNaN(l) || l >= hi.eval(java.util.Map.of(), new Budget(1000)).approx()) {
            return null;
        }
        if (l > 0) {
            return new MathValue.Union(
                    List.of(
                            new MathValue.Interval(
                                    hiClosed, new Expr.Neg(hi), new Expr.Neg(lo), loClosed),
                            new MathValue.Interval(loClosed, lo, hi, hiClosed)));
        }
        if (l < 0 || loClosed) {
            return new MathValue.Interval(hiClosed, new Expr.Neg(hi), hi, hiClosed);
        }
        return null; // 0 < |v| < b: a punctured interval, not read here
    }

    private static boolean isConstant(Expr e) {
        java.util.Set<String> vars = new java.util.HashSet<>();
        e.collectVariables(vars);
        return vars.isEmpty();
    }

    private static boolean positive(Expr e) {
        if (!isConstant(e)) {
            return false;
        }
        double v = e.eval(java.util.Map.of(), new Budget(1000)).approx();
        return v > 0 && !Double.isInfinite(v);
    }

    /** {@code |z|} with z a lone variable. */
    private static boolean isAbsVariable(String part) {
        String t = part.strip();
        return t.length() > 2
                && t.startsWith("|")
                && t.endsWith("|")
                && ValueParser.isVariable(t.substring(1, t.length() - 1));
    }

    /** {@code x op a}: x < a is (−∞, a), x ≥ a is [a, ∞). */
    private static MathValue.Interval oneSided(String op, Expr a, ValueParser parser) {
        boolean inclusive = isInclusive(op);
        return isLess(op)
                ? new MathValue.Interval(false, parser.expr("-\\infty"), a, inclusive)
                : new MathValue.Interval(inclusive, a, parser.expr("\\infty"), false);
    }

    /** Splits at relation signs outside brackets; false when there is none. */
    private static boolean splitAtRelations(String s, List<String> parts, List<String> ops) {
        Matcher m = ValueParser.relationPattern().matcher(s);
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '(' || ch == '[' || ch == '{') {
                depth++;
            } else if (ch == ')' || ch == ']' || ch == '}') {
                depth--;
            } else if (depth == 0 && m.region(i, s.length()).lookingAt()) {
                parts.add(s.substring(start, i));
                ops.add(m.group());
                start = m.end();
                i = start - 1;
            } else if (ch == '\\') {
                // Skip a command name so that \langle is not read as \le + "ngle".
                int j = i + 1;
                while (j < s.length() && Character.isLetter(s.charAt(j))) {
                    j++;
                }
                i = Math.max(i, j - 1);
            }
        }
        parts.add(s.substring(start));
        return !ops.isEmpty() && parts.stream().noneMatch(String::isBlank);
    }

    private static boolean isLess(String op) {
        return op.startsWith("<") || op.startsWith("\\l") || op.equals("\u2264");
    }

    private static boolean isInclusive(String op) {
        return op.contains("=")
                || op.startsWith("\\le")
                || op.startsWith("\\ge")
                || op.equals("\u2264")
                || op.equals("\u2265");
    }

    private static String flip(String op) {
        return switch (op) {
            case "<" -> ">";
            case ">" -> "<";
            case "<=" -> ">=";
            case ">=" -> "<=";
            case "\u2264" -> "\u2265";
            case "\u2265" -> "\u2264";
            default -> op.startsWith("\\l") ? "\\g" + op.substring(2) : "\\l" + op.substring(2);
        };
    }
}
