package dev.agent0.core.tokenize;

import java.util.List;
import java.util.Map;

/** The Jinja2 tests ({@code x is name}) chat templates use. */
final class JinjaTests {
    private JinjaTests() {}

    static boolean test(String name, Object v, List<Object> a) {
        return switch (name) {
            case "defined" -> !(v instanceof Undefined);
            case "undefined" -> v instanceof Undefined;
            case "none" -> v == null;
            case "true" -> Boolean.TRUE.equals(v);
            case "false" -> Boolean.FALSE.equals(v);
            case "boolean" -> v instanceof Boolean;
            case "string" -> v instanceof String;
            case "number" -> v instanceof Long || v instanceof Double || v instanceof Boolean;
            case "integer" -> v instanceof Long;
            case "float" -> v instanceof Double;
            case "mapping" -> v instanceof Map;
            case "sequence" -> v instanceof List || v instanceof String || v instanceof Map;
            case "iterable" ->
                    v instanceof List
                            || v instanceof String
                            || v instanceof Map
                            || v instanceof Undefined;
            case "callable" -> v instanceof JinjaCallable;
            case "odd" -> PyValues.toLong(v) % 2 != 0;
            case "even" -> PyValues.toLong(v) % 2 == 0;
            case "divisibleby" -> PyValues.toLong(v) % PyValues.toLong(arg(a, name)) == 0;
            case "eq", "equalto", "==" -> PyValues.eq(v, arg(a, name));
            case "ne", "!=" -> !PyValues.eq(v, arg(a, name));
            case "lt", "lessthan", "<" -> PyValues.compare(v, arg(a, name)) < 0;
            case "le", "<=" -> PyValues.compare(v, arg(a, name)) <= 0;
            case "gt", "greaterthan", ">" -> PyValues.compare(v, arg(a, name)) > 0;
            case "ge", ">=" -> PyValues.compare(v, arg(a, name)) >= 0;
            case "in" -> PyValues.contains(arg(a, name), v);
            case "sameas" -> sameAs(v, arg(a, name));
            case "lower" -> v instanceof String s && s.equals(s.toLowerCase(java.util.Locale.ROOT));
            case "upper" -> v instanceof String s && s.equals(s.toUpperCase(java.util.Locale.ROOT));
            default -> throw new TemplateException("no test named '" + name + "'");
        };
    }

    private static Object arg(List<Object> a, String test) {
        if (a.isEmpty()) {
            throw new TemplateException("test '" + test + "' needs an argument");
        }
        return a.get(0);
    }

    private static boolean sameAs(Object x, Object y) {
        if (x == null || y == null || x instanceof Boolean || y instanceof Boolean) {
            return x == y || (x != null && x.equals(y) && x.getClass() == y.getClass());
        }
        return x == y;
    }
}
