package dev.agent0.eval.grade;

import java.util.Optional;

/**
 * Hendrycks' MATH {@code is_equiv} ({@code hendrycks}): an exact port of {@code _strip_string}
 * followed by string equality, from hendrycks/math {@code modeling/math_equivalence.py}.
 *
 * <p>Where the Python raises (an assert in {@code _remove_right_units}, an index error in {@code
 * _fix_sqrt} or {@code _fix_fracs}) the original falls back to comparing the raw strings; so does
 * this port. Known consequences: {@code 3.0} ≠ {@code 3}, {@code 10,\!080} ≠ {@code 10080}.
 */
public final class HendrycksEquivalence implements Grader {
    public static final String NAME = "hendrycks";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Grade grade(String response, String gold) {
        Optional<String> pred = AnswerExtractor.extract(response);
        if (pred.isEmpty()) {
            return new Grade(NAME, GradeStatus.NO_ANSWER, null, "no answer found in the response");
        }
        boolean eq = isEquiv(pred.get(), AnswerExtractor.gold(gold));
        return new Grade(
                NAME,
                eq ? GradeStatus.CORRECT : GradeStatus.INCORRECT,
                pred.get(),
                eq ? "equal after normalisation" : "different after normalisation");
    }

    /** {@code is_equiv(str1, str2)}. */
    public static boolean isEquiv(String str1, String str2) {
        if (str1 == null && str2 == null) {
            return true;
        }
        if (str1 == null || str2 == null) {
            return false;
        }
        try {
            return stripString(str1).equals(stripString(str2));
        } catch (PythonError e) {
            return str1.equals(str2);
        }
    }

    /** {@code _strip_string}; throws {@link PythonError} where the Python raises. */
    static String stripString(String string) {
        string = string.replace("\n", "");
        string = string.replace("\\!", "");
        string = string.replace("\\\\", "\\");
        string = string.replace("tfrac", "frac");
        string = string.replace("dfrac", "frac");
        string = string.replace("\\left", "");
        string = string.replace("\\right", "");
        string = string.replace("^{\\circ}", "");
        string = string.replace("^\\circ", "");
        string = string.replace("\\$", "");
        string = removeRightUnits(string);
        string = string.replace("\\%", "");
        string = string.replace(" .", " 0.");
        string = string.replace("{.", "{0.");
        if (string.isEmpty()) {
            return string;
        }
        if (string.charAt(0) == '.') {
            string = "0" + string;
        }
        String[] eq = pySplit(string, "=");
        if (eq.length == 2 && eq[0].length() <= 2) {
            string = eq[1];
        }
        string = fixSqrt(string);
        string = string.replace(" ", "");
        string = fixFracs(string);
        if (string.equals("0.5")) {
            string = "\\frac{1}{2}";
        }
        return fixASlashB(string);
    }

    private static String removeRightUnits(String string) {
        if (string.contains("\\text{ ")) {
            String[] splits = pySplit(string, "\\text{ ");
            if (splits.length != 2) {
                throw new PythonError("AssertionError in _remove_right_units");
            }
            return splits[0];
        }
        return string;
    }

    private static String fixSqrt(String string) {
        if (!string.contains("\\sqrt")) {
            return string;
        }
        String[] splits = pySplit(string, "\\sqrt");
        StringBuilder out = new StringBuilder(splits[0]);
        for (int i = 1; i < splits.length; i++) {
            String split = splits[i];
            if (split.isEmpty()) {
                throw new PythonError("IndexError in _fix_sqrt");
            }
            if (split.charAt(0) != '{') {
                out.append("\\sqrt{")
                        .append(split.charAt(0))
                        .append('}')
                        .append(split.substring(1));
            } else {
                out.append("\\sqrt").append(split);
            }
        }
        return out.toString();
    }

    private static String fixFracs(String string) {
        String[] substrs = pySplit(string, "\\frac");
        StringBuilder out = new StringBuilder(substrs[0]);
        for (int i = 1; i < substrs.length; i++) {
            String substr = substrs[i];
            out.append("\\frac");
            if (substr.isEmpty()) {
                throw new PythonError("IndexError in _fix_fracs");
            }
            if (substr.charAt(0) == '{') {
                out.append(substr);
                continue;
            }
            if (substr.length() < 2) {
                return string; // the original returns the input unchanged here
            }
            char a = substr.charAt(0);
            char b = substr.charAt(1);
            String post = substr.substring(2);
            if (b != '{') {
                out.append('{').append(a).append("}{").append(b).append('}').append(post);
            } else {
                out.append('{').append(a).append('}').append(b).append(post);
            }
        }
        return out.toString();
    }

    private static String fixASlashB(String string) {
        String[] parts = pySplit(string, "/");
        if (parts.length != 2) {
            return string;
        }
        // int(a), int(b), then assert string == "{}/{}".format(a, b): canonical integers only.
        if (parts[0].matches("0|-?[1-9][0-9]*") && parts[1].matches("0|-?[1-9][0-9]*")) {
            return "\\frac{" + parts[0] + "}{" + parts[1] + "}";
        }
        return string;
    }

    /** Python's {@code str.split(sep)}: keeps empty leading and trailing pieces. */
    static String[] pySplit(String s, String sep) {
        java.util.List<String> out = new java.util.ArrayList<>();
        int start = 0;
        int at;
        while ((at = s.indexOf(sep, start)) >= 0) {
            out.add(s.substring(start, at));
            start = at + sep.length();
        }
        out.add(s.substring(start));
        return out.toArray(new String[0]);
    }

    /**
     * A Python exception inside {@code _strip_string}; {@code is_equiv} then compares raw strings.
     */
    private static final class PythonError extends RuntimeException {
        PythonError(String message) {
            super(message, null, false, false);
        }
    }
}
