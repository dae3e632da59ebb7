package dev.agent0.core.tokenize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Python arithmetic, attribute and item lookup, and slicing for template values. */
final class PyOps {
    private static final Set<String> UNSAFE_DICT =
            Set.of("pop", "popitem", "update", "clear", "setdefault", "fromkeys");
    private static final Set<String> UNSAFE_LIST =
            Set.of("append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse");

    private PyOps() {}

    /** {@code a op b} for + - * / // % ** and ~ (string concatenation). */
    static Object binary(String op, Object a, Object b) {
        if (op.equals("~")) {
            return PyRepr.str(a) + PyRepr.str(b);
        }
        if (a instanceof Undefined u) {
            throw u.fail();
        }
        if (b instanceof Undefined u) {
            throw u.fail();
        }
        if (PyValues.isNumber(a) && PyValues.isNumber(b)) {
            return arithmetic(op, a, b);
        }
        if (op.equals("+") && a instanceof String x && b instanceof String y) {
            return x + y;
        }
        if (op.equals("+")
                && a instanceof List<?> x
                && b instanceof List<?> y
                && (a instanceof PyTuple) == (b instanceof PyTuple)) {
            List<Object> out = new ArrayList<>(x);
            out.addAll(y);
            return a instanceof PyTuple ? new PyTuple(out) : out;
        }
        if (op.equals("*")
                && (a instanceof String || a instanceof List)
                && (b instanceof Long || b instanceof Boolean)) {
            return repeat(a, PyValues.toLong(b));
        }
        if (op.equals("*")
                && (b instanceof String || b instanceof List)
                && (a instanceof Long || a instanceof Boolean)) {
            return repeat(b, PyValues.toLong(a));
        }
        if (op.equals("+") && a instanceof String) {
            throw new TemplateException(
                    "can only concatenate str (not \"" + PyValues.typeName(b) + "\") to str");
        }
        throw new TemplateException(
                "unsupported operand type(s) for "
                        + op
                        + ": '"
                        + PyValues.typeName(a)
                        + "' and '"
                        + PyValues.typeName(b)
                        + "'");
    }

    private static Object repeat(Object seq, long n) {
        if (seq instanceof String s) {
            return n <= 0 ? "" : s.repeat(Math.toIntExact(n));
        }
        List<Object> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            out.addAll((List<?>) seq);
        }
        return out;
    }

    private static Object arithmetic(String op, Object a, Object b) {
        boolean floats = a instanceof Double || b instanceof Double;
        if (op.equals("/")) {
            double y = PyValues.toDouble(b);
            if (y == 0) {
                throw new TemplateException("division by zero");
            }
            return PyValues.toDouble(a) / y;
        }
        if (floats) {
            double x = PyValues.toDouble(a);
            double y = PyValues.toDouble(b);
            return switch (op) {
                case "+" -> x + y;
                case "-" -> x - y;
                case "*" -> x * y;
                case "**" -> Math.pow(x, y);
                case "//" -> Math.floor(nonZero(x, y) / y);
                case "%" -> x - Math.floor(nonZero(x, y) / y) * y;
                default -> throw new IllegalStateException(op);
            };
        }
        long x = PyValues.toLong(a);
        long y = PyValues.toLong(b);
        return switch (op) {
            case "+" -> Math.addExact(x, y);
            case "-" -> Math.subtractExact(x, y);
            case "*" -> Math.multiplyExact(x, y);
            case "**" -> y < 0 ? (Object) Math.pow(x, y) : (Object) pow(x, y);
            case "//" -> Math.floorDiv(nonZero(x, y), y);
            case "%" -> Math.floorMod(nonZero(x, y), y);
            default -> throw new IllegalStateException(op);
        };
    }

    /** Returns {@code x}, after checking that the divisor {@code y} is not zero. */
    private static long nonZero(long x, long y) {
        if (y == 0) {
            throw new TemplateException("division by zero");
        }
        return x;
    }

    private static double nonZero(double x, double y) {
        if (y == 0) {
            throw new TemplateException("division by zero");
        }
        return x;
    }

    private static long pow(long x, long y) {
        long r = 1;
        for (long i = 0; i < y; i++) {
            r = Math.multiplyExact(r, x);
        }
        return r;
    }

    static Object negate(Object v) {
        if (v instanceof Double d) {
            return -d;
        }
        if (v instanceof Long || v instanceof Boolean) {
            return -PyValues.toLong(v);
        }
        throw new TemplateException("bad operand type for unary -: '" + PyValues.typeName(v) + "'");
    }

    /** Jinja's {@code obj.name}: Python attribute first (methods), then item. */
    static Object getattr(Object obj, String name) {
        if (obj instanceof Undefined u) {
            throw u.fail();
        }
        if (obj instanceof Map<?, ?> m) {
            JinjaCallable method = dictMethod(m, name);
            if (method != null) {
                return method;
            }
            return m.containsKey(name) ? m.get(name) : missing(obj, name);
        }
        if (obj instanceof String s) {
            JinjaCallable method = PyStrings.method(s, name);
            return method != null ? method : missing(obj, name);
        }
        if (obj instanceof List<?> l) {
            JinjaCallable method = listMethod(l, name);
            return method != null ? method : missing(obj, name);
        }
        if (obj instanceof Namespace ns) {
            return ns.attrs.containsKey(name) ? ns.attrs.get(name) : missing(obj, name);
        }
        if (obj instanceof LoopContext loop) {
            return loop.attribute(name);
        }
        return missing(obj, name);
    }

    /** Jinja's {@code obj[key]}: item first, then (for string keys) attribute. */
    static Object getitem(Object obj, Object key) {
        if (obj instanceof Undefined u) {
            throw u.fail();
        }
        if (obj instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (PyValues.eq(e.getKey(), key)) {
                    return e.getValue();
                }
            }
        } else if ((obj instanceof List || obj instanceof String)
                && (key instanceof Long || key instanceof Boolean)) {
            List<?> items = obj instanceof String s ? PyStrings.chars(s) : (List<?>) obj;
            long i = PyValues.toLong(key);
            long at = i < 0 ? i + items.size() : i;
            if (at >= 0 && at < items.size()) {
                return items.get((int) at);
            }
            return new Undefined(PyValues.typeName(obj) + " index out of range: " + i);
        }
        if (key instanceof String name) {
            return getattr(obj, name);
        }
        return new Undefined(
                "'" + PyValues.typeName(obj) + " object' has no element " + PyRepr.repr(key));
    }

    private static Undefined missing(Object obj, String name) {
        String owner = obj == null ? "None" : PyValues.typeName(obj) + " object";
        return new Undefined("'" + owner + "' has no attribute '" + name + "'");
    }

    /** Python's {@code seq[start:stop:step]} on lists and strings; null bounds are omitted. */
    static Object slice(Object obj, Object start, Object stop, Object step) {
        if (obj instanceof Undefined u) {
            throw u.fail();
        }
        boolean isString = obj instanceof String;
        if (!isString && !(obj instanceof List)) {
            throw new TemplateException(
                    "'" + PyValues.typeName(obj) + "' object is not subscriptable");
        }
        List<?> items = isString ? PyStrings.chars((String) obj) : (List<?>) obj;
        int n = items.size();
        long st = step == null ? 1 : index(step);
        if (st == 0) {
            throw new TemplateException("slice step cannot be zero");
        }
        long lo;
        long hi;
        if (st > 0) {
            lo = start == null ? 0 : clamp(index(start), n, 0, n);
            hi = stop == null ? n : clamp(index(stop), n, 0, n);
        } else {
            lo = start == null ? n - 1 : clamp(index(start), n, -1, n - 1);
            hi = stop == null ? -1 : clamp(index(stop), n, -1, n - 1);
        }
        List<Object> out = new ArrayList<>();
        for (long i = lo; st > 0 ? i < hi : i > hi; i += st) {
            out.add(items.get((int) i));
        }
        if (isString) {
            StringBuilder sb = new StringBuilder();
            out.forEach(c -> sb.append((String) c));
            return sb.toString();
        }
        return obj instanceof PyTuple ? new PyTuple(out) : out;
    }

    private static long index(Object v) {
        if (v instanceof Long || v instanceof Boolean) {
            return PyValues.toLong(v);
        }
        throw new TemplateException(
                "slice indices must be integers or None, not " + PyValues.typeName(v));
    }

    private static long clamp(long i, int n, long min, long max) {
        long at = i < 0 ? i + n : i;
        return Math.max(min, Math.min(max, at));
    }

    private static JinjaCallable dictMethod(Map<?, ?> m, String name) {
        return switch (name) {
            case "items" ->
                    (args, kw) -> {
                        List<Object> out = new ArrayList<>();
                        m.forEach((k, v) -> out.add(new PyTuple(Arrays.asList(k, v))));
                        return out;
                    };
            case "keys" -> (args, kw) -> new ArrayList<Object>(m.keySet());
            case "values" -> (args, kw) -> new ArrayList<Object>(m.values());
            case "get" ->
                    (args, kw) -> {
                        Object key = args.isEmpty() ? null : args.get(0);
                        for (Map.Entry<?, ?> e : m.entrySet()) {
                            if (PyValues.eq(e.getKey(), key)) {
                                return e.getValue();
                            }
                        }
                        return args.size() > 1 ? args.get(1) : null;
                    };
            case "copy" -> (args, kw) -> new java.util.LinkedHashMap<Object, Object>(m);
            default -> UNSAFE_DICT.contains(name) ? unsafe("dict", name) : null;
        };
    }

    private static JinjaCallable listMethod(List<?> l, String name) {
        return switch (name) {
            case "index" ->
                    (args, kw) -> {
                        for (int i = 0; i < l.size(); i++) {
                            if (PyValues.eq(l.get(i), args.get(0))) {
                                return (long) i;
                            }
                        }
                        throw new TemplateException(PyRepr.repr(args.get(0)) + " is not in list");
                    };
            case "count" ->
                    (args, kw) -> l.stream().filter(x -> PyValues.eq(x, args.get(0))).count();
            default -> UNSAFE_LIST.contains(name) ? unsafe(PyValues.typeName(l), name) : null;
        };
    }

    private static JinjaCallable unsafe(String type, String name) {
        return (args, kw) -> {
            throw new TemplateException(
                    "access to attribute '"
                            + name
                            + "' of '"
                            + type
                            + "' object is unsafe (the template sandbox is immutable)");
        };
    }
}
