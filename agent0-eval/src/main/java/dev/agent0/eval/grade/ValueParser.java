package dev.agent0.eval.grade;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a final answer into a {@link MathValue}: the structure first (matrix, union, set, tuple,
 * interval, list, {@code x =} or {@code (p, q) =}, {@code \pm}), then each scalar through {@link
 * ExprParser}.
 */
final class ValueParser {
    private static final Pattern MATRIX =
            Pattern.compile(
                    "^\\\\begin\\{([pbvB]?matrix|array)\\}(?:\\{[^}]*\\})?(.*)\\\\end\\{\\1\\}$",
                    Pattern.DOTALL);
    private static final Pattern CHOICE = Pattern.compile("^\\(?([A-E])\\)?$");
    private static final Pattern WORDS = Pattern.compile("^[A-Za-z]{4,}(?: [A-Za-z]+)*$");
    private static final Pattern SIMPLE_LHS =
            Pattern.compile(
                    "^\\s*(?:[a-zA-Z]|\\\\[a-zA-Z]+)(?:_\\{?\\w+\\}?)?(?:\\([a-z]\\))?\\s*$");

    /** {@code (p, q) =}: a tuple of lone variables is named, like {@code x =} (Math-Verify). */
    private static final Pattern TUPLE_LHS =
            Pattern.compile(
                    "^\\s*\\(\\s*(?:[a-zA-Z]|\\\\[a-zA-Z]+)(?:_\\{?\\w+\\}?)?"
                        + "(?:\\s*,\\s*(?:[a-zA-Z]|\\\\[a-zA-Z]+)(?:_\\{?\\w+\\}?)?)+\\s*\\)\\s*$");

    /**
     * {@code X:Y =}, {@code AB:BC =}: a ratio of names is named too (Math-Verify: only symbols).
     */
    private static final Pattern RATIO_LHS =
            Pattern.compile(
                    "^\\s*(?:[a-zA-Z]+|\\\\[a-zA-Z]+)(?:_\\{?\\w+\\}?)?"
                            + "(?:\\s*:\\s*(?:[a-zA-Z]+|\\\\[a-zA-Z]+)(?:_\\{?\\w+\\}?)?)+\\s*$");

    /** A time of day {@code h:mm} (hours 0–24, two-digit minutes 00–59). */
    private static final Pattern TIME =
            Pattern.compile("^\\s*([01]?\\d|2[0-4])\\s*:\\s*([0-5]\\d)\\s*$");

    /** {@code <}, {@code \le}, {@code \geq}, ... (latex2sympy2_extended's LT/LTE/GT/GTE tokens). */
    private static final Pattern RELATION =
            Pattern.compile(
                    "\\\\(?:leqslant|geqslant|leq|geq|le|ge|lt|gt)(?![a-zA-Z])|<=|>=|[<>\u2264\u2265]");

    private static final Pattern CONSTANT_NAME =
            Pattern.compile("^\\s*(?:\\\\pi|\\\\infty|e)\\s*$");

    private static final int MAX_PM_EXPANSIONS = 3;

    private final PercentPolicy percent;

    ValueParser(PercentPolicy percent) {
        this.percent = percent;
    }

    MathValue parse(String raw) {
        LatexNormalizer.Cleaned c = LatexNormalizer.clean(raw);
        String s = c.text();
        if (s.isEmpty()) {
            throw new LatexParseException("empty answer");
        }
        Matcher choice = CHOICE.matcher(s);
        if (choice.matches()) {
            return new MathValue.Choice(choice.group(1).charAt(0));
        }
        if ((c.wholeText() && s.matches(".*[A-Za-z]{2,}.*") && !s.matches(".*\\d.*"))
                || WORDS.matcher(s).matches()) {
            return new MathValue.Text(s.toLowerCase().replaceAll("\\s+", " "));
        }
        return structure(s);
    }

    private MathValue structure(String s) {
        s = s.strip();
        if (s.isEmpty()) {
            throw new LatexParseException("empty element");
        }
        Matcher m = MATRIX.matcher(s);
        if (m.matches()) {
            return matrix(m.group(2));
        }
        // \left[ \begin{array}{cc} ... \end{array} \right]: brackets around a matrix.
        if (s.length() > 2
                && ((s.startsWith("(") && s.endsWith(")"))
                        || (s.startsWith("[") && s.endsWith("]")))
                && closesAtEnd(s, 0)) {
            Matcher inner = MATRIX.matcher(s.substring(1, s.length() - 1).strip());
            if (inner.matches()) {
                return matrix(inner.group(2));
            }
        }
        List<String> union = split(s, "\\cup");
        if (union.size() > 1) {
            return new MathValue.Union(union.stream().map(this::structure).toList());
        }
        if (s.startsWith("\\{") && s.endsWith("\\}") && closesAtEnd(s, 1)) {
            String inner = s.substring(2, s.length() - 2);
            return new MathValue.SetOf(inner.isBlank() ? List.of() : elements(inner));
        }
        char first = s.charAt(0);
        char last = s.charAt(s.length() - 1);
        if ((first == '(' || first == '[') && (last == ')' || last == ']') && closesAtEnd(s, 0)) {
            List<String> parts = split(s.substring(1, s.length() - 1), ",");
            if (parts.size() > 1) {
                if (first == '(' && last == ')') {
                    return new MathValue.Tuple(parts.stream().map(this::structure).toList());
                }
                if (parts.size() != 2) {
                    throw new LatexParseException("interval '" + s + "' needs two ends");
                }
                return new MathValue.Interval(
                        first == '[', expr(parts.get(0)), expr(parts.get(1)), last == ']');
            }
        }
        if (split(s, ",").size() > 1) {
            return new MathValue.BareList(elements(s));
        }
        MathValue.Interval range = Relations.asInterval(s, this);
        if (range != null) {
            return range;
        }
        MathValue absRange = Relations.absoluteRange(s, this);
        if (absRange != null) {
            return absRange;
        }
        List<String> sides = split(s, "=");
        if (sides.size() > 1) {
            if (SIMPLE_LHS.matcher(sides.get(0)).matches()
                    || TUPLE_LHS.matcher(sides.get(0)).matches()
                    || RATIO_LHS.matcher(sides.get(0)).matches()
                    || sides.size() > 2) {
                return structure(sides.get(sides.size() - 1));
            }
            return new MathValue.Equation(expr(sides.get(0)), expr(sides.get(1)));
        }
        List<String> ratio = split(s, ":");
        if (ratio.size() == 2) {
            return ratio(s, ratio.get(0), ratio.get(1));
        }
        List<String> signs = expandPlusMinus(s, 0);
        if (signs.size() > 1) {
            return new MathValue.SetOf(signs.stream().map(this::structure).toList());
        }
        return new MathValue.Scalar(expr(s));
    }

    /**
     * {@code h:mm} is a time of day; any other {@code a:b} is the ratio a/b, as
     * latex2sympy2_extended reads a colon (so {@code 2:3} = {@code 4:6} = 2/3).
     */
    private MathValue ratio(String s, String left, String right) {
        Matcher time = TIME.matcher(s);
        if (time.matches()) {
            return new MathValue.Time(
                    Integer.parseInt(time.group(1)), Integer.parseInt(time.group(2)));
        }
        return new MathValue.Scalar(new Expr.Bin(Expr.Op.DIV, expr(left), expr(right)));
    }

    /** Items of a set or list; {@code a \pm b} inside contributes both values. */
    private List<MathValue> elements(String inner) {
        List<MathValue> out = new ArrayList<>();
        for (String part : split(inner, ",")) {
            MathValue v = structure(part);
            if (v instanceof MathValue.SetOf set && part.contains("\\pm")) {
                out.addAll(set.items());
            } else {
                out.add(v);
            }
        }
        return out;
    }

    private MathValue matrix(String body) {
        List<List<Expr>> rows = new ArrayList<>();
        for (String row : body.split("\\\\\\\\")) {
            if (row.isBlank()) {
                continue;
            }
            List<Expr> cells = new ArrayList<>();
            for (String cell : row.split("&")) {
                cells.add(expr(cell));
            }
            rows.add(cells);
        }
        if (rows.isEmpty()) {
            throw new LatexParseException("empty matrix");
        }
        return new MathValue.Matrix(rows);
    }

    Expr expr(String s) {
        String t = s.strip();
        List<String> sides = split(t, "=");
        if (sides.size() == 2 && SIMPLE_LHS.matcher(sides.get(0)).matches()) {
            t = sides.get(1).strip();
        }
        return ExprParser.parse(t, percent);
    }

    private static List<String> expandPlusMinus(String s, int depth) {
        // Anywhere, not only at the top level: \frac{1 \pm \sqrt{5}}{2} is two values as well.
        int at = indexOfCommand(s, "\\pm");
        int atMp = indexOfCommand(s, "\\mp");
        if (at < 0 && atMp < 0) {
            return List.of(s);
        }
        if (depth >= MAX_PM_EXPANSIONS) {
            throw new LatexParseException("too many \\pm in '" + s + "'");
        }
        int i = at >= 0 ? at : atMp;
        String head = s.substring(0, i);
        String tail = s.substring(i + 3);
        List<String> out = new ArrayList<>();
        out.addAll(expandPlusMinus(head + "+" + tail, depth + 1));
        out.addAll(expandPlusMinus(head + "-" + tail, depth + 1));
        return out;
    }

    /** Splits at {@code sep} outside all brackets. */
    static List<String> split(String s, String sep) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '(' || ch == '[' || ch == '{') {
                depth++;
            } else if (ch == ')' || ch == ']' || ch == '}') {
                depth--;
            } else if (depth == 0
                    && s.startsWith(sep, i)
                    && !(sep.startsWith("\\")
                            && i + sep.length() < s.length()
                            && Character.isLetter(s.charAt(i + sep.length())))) {
                out.add(s.substring(start, i));
                start = i + sep.length();
                i = start - 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    /** The first {@code command} not followed by a letter ({@code \pm} but not {@code \pmod}). */
    private static int indexOfCommand(String s, String command) {
        for (int i = s.indexOf(command); i >= 0; i = s.indexOf(command, i + 1)) {
            int end = i + command.length();
            if (end >= s.length() || !Character.isLetter(s.charAt(end))) {
                return i;
            }
        }
        return -1;
    }

    /** A lone variable or {@code f(x)}, not a constant such as {@code \pi}. */
    static boolean isVariable(String s) {
        return SIMPLE_LHS.matcher(s).matches() && !CONSTANT_NAME.matcher(s).matches();
    }

    static Pattern relationPattern() {
        return RELATION;
    }

    /** True when the bracket opened at {@code open} closes at the last character. */
    private static boolean closesAtEnd(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '(' || ch == '[' || ch == '{') {
                depth++;
            } else if (ch == ')' || ch == ']' || ch == '}') {
                depth--;
                if (depth == 0) {
                    return i == s.length() - 1;
                }
            }
        }
        return false;
    }
}
