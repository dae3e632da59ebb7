package dev.agent0.core.tokenize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Jinja2 filters chat templates use, with Hugging Face's {@code tojson}. */
final class JinjaFilters {
    private JinjaFilters() {}

    static Object apply(String name, Object v, List<Object> a, Map<String, Object> kw) {
        return switch (name) {
            case "tojson" ->
                    JsonDumps.dumps(
                            v,
                            opt(a, 0, kw, "indent"),
                            opt(a, 1, kw, "separators"),
                            PyValues.truthy(opt(a, 2, kw, "sort_keys")));
            case "trim" ->
                    PyStrings.strip(PyRepr.str(v), (String) opt(a, 0, kw, "chars"), true, true);
            case "length", "count" -> PyValues.length(v);
            case "string" -> PyRepr.str(v);
            case "lower" -> PyRepr.str(v).toLowerCase(Locale.ROOT);
            case "upper" -> PyRepr.str(v).toUpperCase(Locale.ROOT);
            case "title" -> title(PyRepr.str(v));
            case "capitalize" -> capitalize(PyRepr.str(v));
            case "safe" -> v; // no autoescaping, so no Markup: a no-op
            case "list" -> PyValues.iterate(v);
            case "e", "escape" -> escape(PyRepr.str(v));
            case "first" -> first(v);
            case "last" -> {
                List<Object> items = PyValues.iterate(v);
                yield items.isEmpty()
                        ? new Undefined("No last item, sequence was empty.")
                        : items.get(items.size() - 1);
            }
            case "join" -> join(v, opt(a, 0, kw, "d"), opt(a, 1, kw, "attribute"));
            case "default", "d" -> {
                boolean asBool = PyValues.truthy(opt(a, 1, kw, "boolean"));
                boolean useDefault = v instanceof Undefined || (asBool && !PyValues.truthy(v));
                yield useDefault
                        ? (a.isEmpty() && !kw.containsKey("default_value")
                                ? ""
                                : opt(a, 0, kw, "default_value"))
                        : v;
            }
            case "items" ->
                    v instanceof Undefined
                            ? List.of()
                            : ((JinjaCallable) PyOps.getattr(mapping(v, name), "items"))
                                    .call(List.of(), Map.of());
            case "dictsort" -> {
                List<Object> items =
                        new ArrayList<>((List<?>) apply("items", v, List.of(), Map.of()));
                items.sort((x, y) -> PyValues.compare(((List<?>) x).get(0), ((List<?>) y).get(0)));
                yield items;
            }
            case "map" -> map(v, a, kw);
            case "select", "reject" -> select(v, a, name.equals("select"), null);
            case "selectattr", "rejectattr" ->
                    select(
                            v,
                            a.subList(1, a.size()),
                            name.equals("selectattr"),
                            PyRepr.str(a.get(0)));
            case "replace" -> PyStrings.method(PyRepr.str(v), "replace").call(a, kw);
            case "int" -> toInt(v, opt(a, 0, kw, "default"));
            case "float" -> toFloat(v, opt(a, 0, kw, "default"));
            case "abs" ->
                    v instanceof Double d
                            ? (Object) Math.abs(d)
                            : (Object) Math.abs(PyValues.toLong(v));
            case "round" -> round(v, opt(a, 0, kw, "precision"), opt(a, 1, kw, "method"));
            case "indent" ->
                    indent(
                            PyRepr.str(v),
                            opt(a, 0, kw, "width"),
                            PyValues.truthy(opt(a, 1, kw, "first")),
                            PyValues.truthy(opt(a, 2, kw, "blank")));
            case "unique" -> {
                List<Object> out = new ArrayList<>();
                PyValues.iterate(v)
                        .forEach(
                                x -> {
                                    if (out.stream().noneMatch(y -> PyValues.eq(x, y))) {
                                        out.add(x);
                                    }
                                });
                yield out;
            }
            case "reverse" ->
                    v instanceof String s
                            ? PyOps.slice(s, null, null, -1L)
                            : PyOps.slice(PyValues.iterate(v), null, null, -1L);
            case "sort" -> sort(v, a, kw);
            case "sum" ->
                    PyValues.iterate(v).stream().reduce(0L, (x, y) -> PyOps.binary("+", x, y));
            case "min", "max" ->
                    PyValues.iterate(v).stream()
                            .max(
                                    name.equals("max")
                                            ? PyValues::compare
                                            : (x, y) -> PyValues.compare(y, x))
                            .orElseGet(
                                    () -> new Undefined("No aggregated item, sequence was empty."));
            case "wordcount" -> (long) PyStrings.split(PyRepr.str(v), null, -1).size();
            default -> throw new TemplateException("no filter named '" + name + "'");
        };
    }

    private static Object opt(List<Object> a, int i, Map<String, Object> kw, String key) {
        return a.size() > i ? a.get(i) : kw.get(key);
    }

    private static Map<?, ?> mapping(Object v, String filter) {
        if (v instanceof Map<?, ?> m) {
            return m;
        }
        throw new TemplateException(filter + ": expected a mapping, got " + PyValues.typeName(v));
    }

    private static Object first(Object v) {
        List<Object> items = PyValues.iterate(v);
        return items.isEmpty() ? new Undefined("No first item, sequence was empty.") : items.get(0);
    }

    private static String join(Object v, Object sep, Object attribute) {
        List<Object> items = PyValues.iterate(v);
        List<String> parts = new ArrayList<>();
        items.forEach(
                x -> parts.add(PyRepr.str(attribute == null ? x : PyOps.getitem(x, attribute))));
        return String.join(sep == null ? "" : PyRepr.str(sep), parts);
    }

    private static List<Object> map(Object v, List<Object> a, Map<String, Object> kw) {
        List<Object> out = new ArrayList<>();
        for (Object x : PyValues.iterate(v)) {
            if (kw.containsKey("attribute")) {
                Object got = PyOps.getitem(x, kw.get("attribute"));
                out.add(
                        got instanceof Undefined && kw.containsKey("default")
                                ? kw.get("default")
                                : got);
            } else {
                out.add(apply(PyRepr.str(a.get(0)), x, a.subList(1, a.size()), Map.of()));
            }
        }
        return out;
    }

    private static List<Object> select(Object v, List<Object> a, boolean keep, String attribute) {
        List<Object> out = new ArrayList<>();
        for (Object x : PyValues.iterate(v)) {
            Object subject = attribute == null ? x : PyOps.getitem(x, attribute);
            boolean pass =
                    a.isEmpty()
                            ? PyValues.truthy(subject)
                            : JinjaTests.test(
                                    PyRepr.str(a.get(0)), subject, a.subList(1, a.size()));
            if (pass == keep) {
                out.add(x);
            }
        }
        return out;
    }

    private static List<Object> sort(Object v, List<Object> a, Map<String, Object> kw) {
        List<Object> items = PyValues.iterate(v);
        Object attribute = opt(a, 2, kw, "attribute");
        boolean caseSensitive = PyValues.truthy(opt(a, 1, kw, "case_sensitive"));
        Comparator<Object> cmp =
                (x, y) -> {
                    Object kx = attribute == null ? x : PyOps.getitem(x, attribute);
                    Object ky = attribute == null ? y : PyOps.getitem(y, attribute);
                    if (!caseSensitive && kx instanceof String sx && ky instanceof String sy) {
                        return PyValues.compare(
                                sx.toLowerCase(Locale.ROOT), sy.toLowerCase(Locale.ROOT));
                    }
                    return PyValues.compare(kx, ky);
                };
        items.sort(PyValues.truthy(opt(a, 0, kw, "reverse")) ? cmp.reversed() : cmp);
        return items;
    }

    private static Object toInt(Object v, Object dflt) {
        if (v instanceof Long || v instanceof Boolean) {
            return PyValues.toLong(v);
        }
        if (v instanceof Double d) {
            return (long) d.doubleValue();
        }
        try {
            return Long.parseLong(PyRepr.str(v).strip().replace("_", ""));
        } catch (NumberFormatException e) {
            return dflt == null ? 0L : dflt;
        }
    }

    private static Object toFloat(Object v, Object dflt) {
        if (PyValues.isNumber(v)) {
            return PyValues.toDouble(v);
        }
        try {
            return Double.parseDouble(PyRepr.str(v).strip());
        } catch (NumberFormatException e) {
            return dflt == null ? 0.0 : dflt;
        }
    }

    private static Object round(Object v, Object precision, Object method) {
        double x = PyValues.toDouble(v);
        double scale = Math.pow(10, precision == null ? 0 : PyValues.toLong(precision));
        String how = method == null ? "common" : PyRepr.str(method);
        double r =
                switch (how) {
                    case "ceil" -> Math.ceil(x * scale) / scale;
                    case "floor" -> Math.floor(x * scale) / scale;
                    default -> Math.rint(x * scale) / scale; // Python's round(): half to even
                };
        return r;
    }

    private static String indent(String s, Object width, boolean first, boolean blank) {
        String pad =
                width instanceof String w
                        ? w
                        : " ".repeat((int) (width == null ? 4 : PyValues.toLong(width)));
        String[] lines = s.split("\n", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                sb.append('\n');
            }
            boolean indentIt = (i > 0 || first) && (blank || !lines[i].isBlank());
            sb.append(indentIt ? pad : "").append(lines[i]);
        }
        return sb.toString();
    }

    static String title(String s) {
        StringBuilder sb = new StringBuilder();
        boolean prevCased = false;
        for (int c : s.codePoints().toArray()) {
            sb.appendCodePoint(prevCased ? Character.toLowerCase(c) : Character.toTitleCase(c));
            prevCased = Character.isLetter(c);
        }
        return sb.toString();
    }

    static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int first = s.codePointAt(0);
        int n = Character.charCount(first);
        return new String(Character.toChars(Character.toUpperCase(first)))
                + s.substring(n).toLowerCase(Locale.ROOT);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&#34;")
                .replace("'", "&#39;");
    }
}
