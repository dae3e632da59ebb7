package dev.agent0.core.tokenize;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Python's {@code str} and {@code repr} of template values, as {@code {{ }}} output, the {@code
 * string} filter and error messages print them: float repr with the shortest round-trip digits,
 * string repr with Python's quote choice and escapes.
 *
 * <p>Separate from {@link PyValues} (truthiness, equality, ordering, membership) because printing
 * is its own body of Python rules and needs none of those.
 */
final class PyRepr {
    private PyRepr() {}

    /** Python's {@code str(v)}, with Jinja's Undefined printing as "". */
    static String str(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Undefined) {
            return "";
        }
        return repr(v);
    }

    /** Python's {@code repr(v)}. */
    static String repr(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof Long l) {
            return l.toString();
        }
        if (v instanceof Double d) {
            return floatRepr(d);
        }
        if (v instanceof String s) {
            return stringRepr(s);
        }
        if (v instanceof PyTuple t) {
            return t.size() == 1 ? "(" + repr(t.get(0)) + ",)" : join(t, "(", ")");
        }
        if (v instanceof List<?> l) {
            return join(l, "[", "]");
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            m.forEach(
                    (k, x) ->
                            sb.append(sb.length() > 1 ? ", " : "")
                                    .append(repr(k))
                                    .append(": ")
                                    .append(repr(x)));
            return sb.append('}').toString();
        }
        if (v instanceof Namespace ns) {
            return "<Namespace " + repr(ns.attrs) + ">";
        }
        return v instanceof Undefined ? "Undefined" : "<" + PyValues.typeName(v) + ">";
    }

    private static String join(List<?> l, String open, String close) {
        StringBuilder sb = new StringBuilder(open);
        for (int i = 0; i < l.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(repr(l.get(i)));
        }
        return sb.append(close).toString();
    }

    /** Python's float repr: shortest round-trip digits, exponent form outside [1e-4, 1e16). */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = null;
        for (int p = 1; p <= 17; p++) {
            String s = String.format("%." + (p - 1) + "e", d);
            if (Double.parseDouble(s) == d) {
                shortest = new BigDecimal(s);
                break;
            }
        }
        BigDecimal b = Objects.requireNonNull(shortest).stripTrailingZeros();
        int exp = b.precision() - b.scale() - 1; // decimal exponent of the leading digit
        if (exp >= -4 && exp < 16) {
            String plain = b.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = b.unscaledValue().abs().toString();
        String mantissa =
                digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (d < 0 ? "-" : "")
                + mantissa
                + "e"
                + (exp < 0 ? "-" : "+")
                + (Math.abs(exp) < 10 ? "0" : "")
                + Math.abs(exp);
    }

    private static String stringRepr(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(quote);
        s.codePoints()
                .forEach(
                        c -> {
                            if (c == quote || c == '\\') {
                                sb.append('\\').appendCodePoint(c);
                            } else if (c == '\n') {
                                sb.append("\\n");
                            } else if (c == '\r') {
                                sb.append("\\r");
                            } else if (c == '\t') {
                                sb.append("\\t");
                            } else if (printable(c)) {
                                sb.appendCodePoint(c);
                            } else if (c < 0x100) {
                                sb.append(String.format("\\x%02x", c));
                            } else if (c < 0x10000) {
                                sb.append(String.format("\\u%04x", c));
                            } else {
                                sb.append(String.format("\\U%08x", c));
                            }
                        });
        return sb.append(quote).toString();
    }

    private static boolean printable(int c) {
        if (c == ' ') {
            return true;
        }
        int t = Character.getType(c);
        return !(t == Character.CONTROL
                || t == Character.FORMAT
                || t == Character.SURROGATE
                || t == Character.PRIVATE_USE
                || t == Character.UNASSIGNED
                || t == Character.LINE_SEPARATOR
                || t == Character.PARAGRAPH_SEPARATOR
                || t == Character.SPACE_SEPARATOR);
    }
}
