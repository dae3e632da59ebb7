package dev.agent0.core.tokenize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Python {@code str} methods that chat templates call, with Python's whitespace rules. */
final class PyStrings {
    private static final Set<String> UNSUPPORTED =
            Set.of(
                    "format",
                    "format_map",
                    "encode",
                    "partition",
                    "rpartition",
                    "center",
                    "ljust",
                    "rjust",
                    "zfill",
                    "expandtabs",
                    "translate",
                    "maketrans",
                    "casefold",
                    "swapcase",
                    "rindex",
                    "istitle",
                    "isidentifier");

    private PyStrings() {}

    /** The code points of {@code s}, each as a one-character Python string. */
    static List<String> chars(String s) {
        List<String> out = new ArrayList<>(s.length());
        s.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
        return out;
    }

    /** Python's {@code str.isspace} for one code point. */
    static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
    }

    /** The bound method {@code s.name}, or null when {@code str} has no such attribute. */
    static JinjaCallable method(String s, String name) {
        return switch (name) {
            case "startswith" -> (a, kw) -> affix(s, arg(a, 0, name), true);
            case "endswith" -> (a, kw) -> affix(s, arg(a, 0, name), false);
            case "strip" -> (a, kw) -> strip(s, chars(a, name), true, true);
            case "lstrip" -> (a, kw) -> strip(s, chars(a, name), true, false);
            case "rstrip" -> (a, kw) -> strip(s, chars(a, name), false, true);
            case "split" -> (a, kw) -> split(s, optString(a, 0, kw, "sep", name), maxsplit(a, kw));
            case "replace" ->
                    (a, kw) ->
                            replace(
                                    s,
                                    string(a, 0, name),
                                    string(a, 1, name),
                                    a.size() > 2 ? PyValues.toLong(a.get(2)) : -1);
            case "upper" -> (a, kw) -> s.toUpperCase(java.util.Locale.ROOT);
            case "lower" -> (a, kw) -> s.toLowerCase(java.util.Locale.ROOT);
            case "title" -> (a, kw) -> JinjaFilters.title(s);
            case "capitalize" -> (a, kw) -> JinjaFilters.capitalize(s);
            case "find" -> (a, kw) -> find(s, string(a, 0, name));
            case "index" ->
                    (a, kw) -> {
                        long i = find(s, string(a, 0, name));
                        if (i < 0) {
                            throw new TemplateException("substring not found");
                        }
                        return i;
                    };
            case "rfind" ->
                    (a, kw) -> {
                        int i = s.lastIndexOf(string(a, 0, name));
                        return i < 0 ? -1L : (long) s.codePointCount(0, i);
                    };
            case "count" -> (a, kw) -> count(s, string(a, 0, name));
            case "join" ->
                    (a, kw) -> {
                        List<String> parts = new ArrayList<>();
                        for (Object x : PyValues.iterate(arg(a, 0, name))) {
                            if (!(x instanceof String p)) {
                                throw new TemplateException(
                                        "sequence item: expected str instance, "
                                                + PyValues.typeName(x)
                                                + " found");
                            }
                            parts.add(p);
                        }
                        return String.join(s, parts);
                    };
            case "splitlines" -> (a, kw) -> splitlines(s);
            case "isdigit", "isnumeric", "isdecimal" ->
                    (a, kw) -> !s.isEmpty() && s.codePoints().allMatch(Character::isDigit);
            case "isalpha" ->
                    (a, kw) -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetter);
            case "isalnum" ->
                    (a, kw) -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetterOrDigit);
            case "isspace" ->
                    (a, kw) -> !s.isEmpty() && s.codePoints().allMatch(PyStrings::isSpace);
            case "islower" ->
                    (a, kw) ->
                            s.equals(s.toLowerCase(java.util.Locale.ROOT))
                                    && !s.equals(s.toUpperCase(java.util.Locale.ROOT));
            case "isupper" ->
                    (a, kw) ->
                            s.equals(s.toUpperCase(java.util.Locale.ROOT))
                                    && !s.equals(s.toLowerCase(java.util.Locale.ROOT));
            default ->
                    UNSUPPORTED.contains(name)
                            ? (a, kw) -> {
                                throw new TemplateException(
                                        "str."
                                                + name
                                                + " is not supported by this chat-template"
                                                + " interpreter (docs/chat-template.md lists what"
                                                + " is)");
                            }
                            : null;
        };
    }

    private static Object arg(List<Object> args, int i, String method) {
        if (args.size() <= i) {
            throw new TemplateException("str." + method + " takes an argument at position " + i);
        }
        return args.get(i);
    }

    private static String string(List<Object> args, int i, String method) {
        Object v = arg(args, i, method);
        if (!(v instanceof String s)) {
            throw new TemplateException(
                    "str."
                            + method
                            + ": argument "
                            + i
                            + " must be str, not "
                            + PyValues.typeName(v));
        }
        return s;
    }

    private static String optString(
            List<Object> args, int i, Map<String, Object> kw, String key, String method) {
        Object v = args.size() > i ? args.get(i) : kw.get(key);
        return v == null ? null : string(List.of(v), 0, method);
    }

    private static String chars(List<Object> args, String method) {
        return args.isEmpty() || args.get(0) == null ? null : string(args, 0, method);
    }

    private static long maxsplit(List<Object> args, Map<String, Object> kw) {
        Object v = args.size() > 1 ? args.get(1) : kw.get("maxsplit");
        return v == null ? -1 : PyValues.toLong(v);
    }

    private static boolean affix(String s, Object what, boolean prefix) {
        if (what instanceof List<?> options) {
            return options.stream().anyMatch(o -> affix(s, o, prefix));
        }
        if (!(what instanceof String t)) {
            throw new TemplateException(
                    (prefix ? "startswith" : "endswith")
                            + " first arg must be str or a tuple of str, not "
                            + PyValues.typeName(what));
        }
        return prefix ? s.startsWith(t) : s.endsWith(t);
    }

    static String strip(String s, String chars, boolean left, boolean right) {
        int[] cps = s.codePoints().toArray();
        int lo = 0;
        int hi = cps.length;
        while (left && lo < hi && stripped(cps[lo], chars)) {
            lo++;
        }
        while (right && hi > lo && stripped(cps[hi - 1], chars)) {
            hi--;
        }
        return new String(cps, lo, hi - lo);
    }

    private static boolean stripped(int c, String chars) {
        return chars == null ? isSpace(c) : chars.codePoints().anyMatch(x -> x == c);
    }

    static List<Object> split(String s, String sep, long maxsplit) {
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            int[] cps = s.codePoints().toArray();
            int i = 0;
            while (true) {
                while (i < cps.length && isSpace(cps[i])) {
                    i++;
                }
                if (i >= cps.length) {
                    return out;
                }
                if (maxsplit >= 0 && out.size() >= maxsplit) {
                    int end = cps.length;
                    while (end > i && isSpace(cps[end - 1])) {
                        end--;
                    }
                    out.add(new String(cps, i, end - i));
                    return out;
                }
                int j = i;
                while (j < cps.length && !isSpace(cps[j])) {
                    j++;
                }
                out.add(new String(cps, i, j - i));
                i = j;
            }
        }
        if (sep.isEmpty()) {
            throw new TemplateException("empty separator");
        }
        int from = 0;
        while (maxsplit < 0 || out.size() < maxsplit) {
            int at = s.indexOf(sep, from);
            if (at < 0) {
                break;
            }
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    private static String replace(String s, String old, String repl, long count) {
        if (count < 0) {
            return old.isEmpty() ? insertEverywhere(s, repl) : s.replace(old, repl);
        }
        StringBuilder sb = new StringBuilder();
        int from = 0;
        for (long n = 0; n < count && !old.isEmpty(); n++) {
            int at = s.indexOf(old, from);
            if (at < 0) {
                break;
            }
            sb.append(s, from, at).append(repl);
            from = at + old.length();
        }
        return sb.append(s.substring(from)).toString();
    }

    private static String insertEverywhere(String s, String repl) {
        StringBuilder sb = new StringBuilder(repl);
        chars(s).forEach(c -> sb.append(c).append(repl));
        return sb.toString();
    }

    private static long find(String s, String t) {
        int i = s.indexOf(t);
        return i < 0 ? -1 : s.codePointCount(0, i);
    }

    private static long count(String s, String t) {
        if (t.isEmpty()) {
            return s.codePointCount(0, s.length()) + 1L;
        }
        long n = 0;
        for (int at = s.indexOf(t); at >= 0; at = s.indexOf(t, at + t.length())) {
            n++;
        }
        return n;
    }

    private static List<Object> splitlines(String s) {
        List<Object> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\n\r\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029".indexOf(c) >= 0) {
                out.add(s.substring(start, i));
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < s.length()) {
            out.add(s.substring(start));
        }
        return out;
    }
}
