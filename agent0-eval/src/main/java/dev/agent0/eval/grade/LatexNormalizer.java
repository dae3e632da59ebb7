package dev.agent0.eval.grade;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * String clean-up before parsing: delimiters, spacing commands, {@code \left}/{@code \right},
 * degrees, dollar signs, unit words and {@code \text{}} wrappers, thousands separators.
 *
 * <p>Thousands separators: {@code 10,\!080}, {@code 10{,}080} and {@code 10\,080} anywhere; a plain
 * comma ({@code 1,000}) only when the whole answer is one such number, because {@code 1, 2} and
 * {@code (1,000)} are lists. A whole answer {@code 0,111} is a decimal comma (0.111), as
 * latex2sympy2_extended's {@code convert_number} reads it; other decimal commas ({@code 1,22}) are
 * resolved only for numbers in running text, by {@link RunningTextAnswer}.
 *
 * <p>Also from Math-Verify's normalisation ({@code latex2sympy2_extended.math_normalization}):
 * {@code \cfrac} like {@code \frac}; {@code ;}, {@code and}, {@code or} (also {@code , and})
 * separate items like a comma; the words {@code percent}, {@code percentage}, {@code pct} (also
 * inside {@code \text{}}) become {@code %}; currency signs are dropped like {@code $}. Not from it:
 * {@code \mathrm{e}} / {@code \text{e}} become Euler's {@code e} even at the end (there Math-Verify
 * strips a trailing {@code \text{e}} as a unit).
 */
final class LatexNormalizer {
    private static final String TEXT_COMMANDS =
            "(?:text|textbf|textit|textrm|mbox|mathrm|mathbf|operatorname)";
    private static final Pattern WHOLE_TEXT =
            Pattern.compile("^\\\\" + TEXT_COMMANDS + "\\{([^{}]*)\\}$");
    private static final Pattern TRAILING_TEXT =
            Pattern.compile(
                    "^(.*\\S)\\s*\\\\" + TEXT_COMMANDS + "\\{[^{}]*\\}(?:\\^\\{?[23]\\}?)?\\s*$",
                    Pattern.DOTALL);
    private static final Pattern UNWRAP =
            Pattern.compile("\\\\" + TEXT_COMMANDS + "\\{([^{}]*)\\}");
    private static final Pattern UNIT_WORD =
            Pattern.compile(
                    "(?<=[\\d}])\\s+(?:(?:square|sq\\.?|cubic)\\s+)?(?:units?|cm|centimeters?|mm|millimeters?|m|meters?|"
                        + "km|kilometers?|inch(?:es)?|in|feet|foot|ft|yards?|yd|miles?|mi|degrees?|dollars?|"
                        + "cents?|hours?|hrs?|minutes?|mins?|seconds?|secs?|days?|weeks?|months?|years?|"
                        + "pounds?|lbs?|ounces?|oz|grams?|g|kg|liters?|litres?|mph|people|students?|cups?)"
                        + "(?:\\^\\{?[23]\\}?)?\\s*$");
    private static final Pattern PLAIN_THOUSANDS =
            Pattern.compile("-?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?");

    private static final Pattern DFRAC = Pattern.compile("\\\\[dtc]frac(?![a-zA-Z])");
    private static final Pattern EULER =
            Pattern.compile("\\\\(?:mathrm|text|textrm|mathit|operatorname)\\{\\s*e\\s*\\}");
    private static final Pattern CURRENCY = Pattern.compile("[€£¥₹₽₩₪₫฿]");
    private static final Pattern PERCENT_WORD =
            Pattern.compile(
                    "\\s*(?:\\\\(?:text|mbox|mathrm)\\{\\s*(?:percentage|percent|pct)\\s*\\}"
                            + "|\\b(?:percentage|percent|pct)\\b)");
    private static final Pattern DECIMAL_COMMA = Pattern.compile("-?0,\\d{3}");
    private static final Pattern SIZING =
            Pattern.compile("\\\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big|bigg|Bigg)(?![a-zA-Z])");
    private static final Pattern DISPLAYSTYLE = Pattern.compile("\\\\displaystyle(?![a-zA-Z])");
    private static final Pattern SEPARATED_THOUSANDS =
            Pattern.compile("(\\d)(?:,\\\\!|\\{,\\}|\\\\,)\\s*(?=\\d{3}(?!\\d))");
    private static final Pattern SPACING = Pattern.compile("(?<!\\\\)\\\\(?:[!,;: ]|quad|qquad)");
    private static final Pattern DEGREES =
            Pattern.compile("\\^\\s*\\{\\s*\\\\circ\\s*\\}|\\^\\s*\\\\circ|\\\\circ|°");
    private static final Pattern PERCENT = Pattern.compile("\\\\%");

    /** {@code \operatorname{lcm}}, {@code \text{gcd}}: the function, as {@code \lcm}. */
    private static final Pattern NAMED_FUNCTION =
            Pattern.compile("\\\\(?:operatorname|mathrm|text)\\{\\s*(gcd|lcm|max|min)\\s*\\}");

    private static final Pattern VERT = Pattern.compile("\\\\[lr]?vert(?![a-zA-Z])");
    private static final Pattern EMPTY_SET =
            Pattern.compile("\\\\(?:emptyset|varnothing)(?![a-zA-Z])");
    private static final Pattern REALS = Pattern.compile("\\\\mathbb\\{R\\}(?!\\s*\\^)");
    private static final Pattern APPROX = Pattern.compile("\\\\approx(?![a-zA-Z])");

    /** align/equation/gather environments: the rows joined, alignment marks dropped. */
    private static final Pattern ALIGNED =
            Pattern.compile(
                    "^\\\\begin\\{((?:align|aligned|equation|gather|gathered|split|eqnarray)\\*?)\\}"
                        + "(.*)\\\\end\\{\\1\\}$",
                    Pattern.DOTALL);

    /** A {@code cases} environment without conditions ({@code &}): its rows as a list. */
    private static final Pattern CASES =
            Pattern.compile("^\\\\begin\\{cases\\}([^&]*)\\\\end\\{cases\\}$", Pattern.DOTALL);

    /** {@code 1 and 2}, {@code 1, or 2} (Oxford comma): a list, as math_normalization's and_or. */
    private static final Pattern WORD_SEPARATOR = Pattern.compile("\\s*,?\\s+(?:or|and)\\s+");

    private static final Pattern MEMBERSHIP_PREFIX = Pattern.compile("^[a-zA-Z]\\s*\\\\in\\s*");
    private static final Pattern TRAILING_DOTS = Pattern.compile("[\\s.]+$");

    private LatexNormalizer() {}

    /** The cleaned text, and whether the whole answer was one {@code \text{...}} wrapper. */
    record Cleaned(String text, boolean wholeText) {}

    /** Unwraps align-like environments (rows joined) and condition-free cases (rows as a list). */
    private static String environments(String s) {
        Matcher aligned = ALIGNED.matcher(s);
        if (aligned.matches()) {
            // Rows of a chain (x &= 2 + 3 \\ &= 5) join into one, whose last side is the value.
            return aligned.group(2).replace("\\\\", " ").replace("&", " ").strip();
        }
        Matcher cases = CASES.matcher(s);
        if (cases.matches()) {
            StringBuilder sb = new StringBuilder();
            for (String row : cases.group(1).split("\\\\\\\\")) {
                if (!row.isBlank()) {
                    sb.append(sb.length() == 0 ? "" : ", ").append(row.strip());
                }
            }
            return sb.toString();
        }
        return s;
    }

    static Cleaned clean(String raw) {
        String s = raw.strip();
        s = s.replace("\\$", "").replace("$", "");
        s = CURRENCY.matcher(s).replaceAll("");
        s = s.replace('\u2212', '-').replace("\u00d7", "\\times ").replace("\u00b7", "\\cdot ");
        s = s.replace("\\(", "").replace("\\)", "").replace("\\[", "").replace("\\]", "");
        s = DFRAC.matcher(s).replaceAll("\\\\frac");
        s = EULER.matcher(s).replaceAll("e");
        s = SIZING.matcher(s).replaceAll("");
        s = DISPLAYSTYLE.matcher(s).replaceAll("");
        s = environments(s.strip());
        s = NAMED_FUNCTION.matcher(s).replaceAll("\\\\$1");
        s = VERT.matcher(s).replaceAll("|");
        s = EMPTY_SET.matcher(s).replaceAll("\\\\{\\\\}");
        s = REALS.matcher(s).replaceAll("(-\\\\infty, \\\\infty)");
        // x \approx 1.41 reads as x = 1.41; a leading \approx is dropped.
        s = APPROX.matcher(s.strip().replaceFirst("^\\\\approx(?![a-zA-Z])", "")).replaceAll("=");
        // Thousands separators that cannot be a list: 10,\!080  10{,}080  10\,080.
        s = SEPARATED_THOUSANDS.matcher(s).replaceAll("$1");
        s = SPACING.matcher(s).replaceAll(" ").replace('~', ' ');
        // A semicolon (\; is spacing, gone by now) separates items like a comma: 1; 2 = {1, 2}.
        s = s.replace(';', ',');
        // Degrees are kept as plain numbers.
        s = DEGREES.matcher(s).replaceAll("");
        s = PERCENT.matcher(s).replaceAll("%");
        s = PERCENT_WORD.matcher(s).replaceAll("%");
        s = s.strip();
        Matcher whole = WHOLE_TEXT.matcher(s);
        if (whole.matches()) {
            return new Cleaned(whole.group(1).strip(), true);
        }
        for (Matcher m = TRAILING_TEXT.matcher(s); m.matches(); m = TRAILING_TEXT.matcher(s)) {
            s = m.group(1).strip();
        }
        s = UNWRAP.matcher(s).replaceAll("$1");
        s = WORD_SEPARATOR.matcher(s).replaceAll(", ");
        s = UNIT_WORD.matcher(s).replaceAll("");
        s = MEMBERSHIP_PREFIX.matcher(s).replaceFirst("");
        s = TRAILING_DOTS.matcher(s).replaceAll("").strip();
        if (DECIMAL_COMMA.matcher(s).matches()) {
            s = s.replace(',', '.');
        } else if (PLAIN_THOUSANDS.matcher(s).matches()) {
            s = s.replace(",", "");
        }
        return new Cleaned(s, false);
    }
}
