package dev.agent0.core.tokenize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps(x, ensure_ascii=False, indent=..., separators=..., sort_keys=...)},
 * which is what Hugging Face's {@code tojson} filter calls.
 */
final class JsonDumps {
    private final String indent;
    private final String itemSep;
    private final String keySep;
    private final boolean sortKeys;

    JsonDumps(String indent, String itemSep, String keySep, boolean sortKeys) {
        this.indent = indent;
        this.itemSep = itemSep;
        this.keySep = keySep;
        this.sortKeys = sortKeys;
    }

    /** Dumps with json.dumps defaults: item separator ", " (or "," with indent), key ": ". */
    static String dumps(Object v, Object indentArg, Object separators, boolean sortKeys) {
        String indent =
                indentArg == null
                        ? null
                        : indentArg instanceof String s
                                ? s
                                : " ".repeat((int) Math.max(0, PyValues.toLong(indentArg)));
        String item = indent == null ? ", " : ",";
        String key = ": ";
        if (separators instanceof List<?> seps && seps.size() == 2) {
            item = PyRepr.str(seps.get(0));
            key = PyRepr.str(seps.get(1));
        }
        StringBuilder sb = new StringBuilder();
        new JsonDumps(indent, item, key, sortKeys).write(sb, v, 0);
        return sb.toString();
    }

    private void write(StringBuilder sb, Object v, int level) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof Long l) {
            sb.append(l);
        } else if (v instanceof Double d) {
            sb.append(
                    d.isNaN()
                            ? "NaN"
                            : d.isInfinite()
                                    ? (d > 0 ? "Infinity" : "-Infinity")
                                    : PyRepr.floatRepr(d));
        } else if (v instanceof String s) {
            quote(sb, s);
        } else if (v instanceof List<?> l) {
            List<Runnable> items = new ArrayList<>();
            l.forEach(x -> items.add(() -> write(sb, x, level + 1)));
            container(sb, "[", "]", items, level);
        } else if (v instanceof Map<?, ?> m) {
            List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
            if (sortKeys) {
                entries.sort((a, b) -> PyValues.compare(a.getKey(), b.getKey()));
            }
            List<Runnable> items = new ArrayList<>();
            entries.forEach(
                    e ->
                            items.add(
                                    () -> {
                                        quote(sb, key(e.getKey()));
                                        sb.append(keySep);
                                        write(sb, e.getValue(), level + 1);
                                    }));
            container(sb, "{", "}", items, level);
        } else {
            throw new TemplateException(
                    "Object of type " + PyValues.typeName(v) + " is not JSON serializable");
        }
    }

    private static String key(Object k) {
        if (k instanceof String s) {
            return s;
        }
        if (k == null) {
            return "null";
        }
        if (k instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (k instanceof Long || k instanceof Double) {
            return PyRepr.repr(k);
        }
        throw new TemplateException(
                "keys must be str, int, float, bool or None, not " + PyValues.typeName(k));
    }

    private void container(
            StringBuilder sb, String open, String close, List<Runnable> items, int level) {
        sb.append(open);
        if (items.isEmpty()) {
            sb.append(close);
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(itemSep);
            }
            if (indent != null) {
                sb.append('\n').append(indent.repeat(level + 1));
            }
            items.get(i).run();
        }
        if (indent != null) {
            sb.append('\n').append(indent.repeat(level));
        }
        sb.append(close);
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
