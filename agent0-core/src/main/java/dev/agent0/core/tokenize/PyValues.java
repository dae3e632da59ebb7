package dev.agent0.core.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Python semantics for template values: conversion from Java data, truthiness, type names,
 * equality, ordering, membership, iteration and length. Printing ({@code str}/{@code repr}) is in
 * {@link PyRepr}; arithmetic, attribute and item lookup and slicing are in {@link PyOps}.
 *
 * <p>Values are {@code null} (None), {@link Boolean}, {@link Long}, {@link Double}, {@link String},
 * {@link List} (or {@link PyTuple}), {@link Map}, {@link Undefined}, {@link Namespace}, {@link
 * LoopContext} and {@link JinjaCallable}. Strings index by code point, as Python's do.
 */
final class PyValues {
    private PyValues() {}

    /** Copies Java or Jackson data into template values (ints to Long, maps keep their order). */
    static Object fromJava(Object v) {
        if (v instanceof JsonNode node) {
            return fromJson(node);
        }
        if (v == null
                || v instanceof String
                || v instanceof Boolean
                || v instanceof Long
                || v instanceof Double) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Character c) {
            return c.toString();
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(fromJava(k), fromJava(x)));
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            c.forEach(x -> out.add(fromJava(x)));
            return out;
        }
        if (v instanceof Object[] a) {
            return fromJava(List.of(a));
        }
        throw new IllegalArgumentException(
                "cannot pass a "
                        + v.getClass().getName()
                        + " to a chat template: use maps, lists, strings, numbers, booleans or"
                        + " null");
    }

    private static Object fromJson(JsonNode n) {
        if (n.isObject()) {
            Map<Object, Object> out = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> out.put(e.getKey(), fromJson(e.getValue())));
            return out;
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>();
            n.forEach(x -> out.add(fromJson(x)));
            return out;
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isNull() || n.isMissingNode()) {
            return null;
        }
        return n.asText();
    }

    static boolean truthy(Object v) {
        if (v == null || v instanceof Undefined) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Long l) {
            return l != 0;
        }
        if (v instanceof Double d) {
            return d != 0.0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    /** Python's type name, for error messages. */
    static String typeName(Object v) {
        if (v == null) {
            return "NoneType";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Long) {
            return "int";
        }
        if (v instanceof Double) {
            return "float";
        }
        if (v instanceof String) {
            return "str";
        }
        if (v instanceof PyTuple) {
            return "tuple";
        }
        if (v instanceof List) {
            return "list";
        }
        if (v instanceof Map) {
            return "dict";
        }
        if (v instanceof Undefined) {
            return "Undefined";
        }
        if (v instanceof Namespace) {
            return "Namespace";
        }
        return v instanceof LoopContext ? "LoopContext" : "function";
    }

    /** Python's {@code ==} (True == 1, 1 == 1.0; lists and dicts element-wise). */
    static boolean eq(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Double || b instanceof Double) {
                return toDouble(a) == toDouble(b);
            }
            return toLong(a) == toLong(b);
        }
        if (a instanceof Undefined || b instanceof Undefined) {
            return a instanceof Undefined && b instanceof Undefined;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if ((a instanceof PyTuple) != (b instanceof PyTuple) || x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!eq(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !eq(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    /** Python's ordering for {@code <}, {@code >} and sorting; a TypeError otherwise. */
    static int compare(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            return (a instanceof Double || b instanceof Double)
                    ? Double.compare(toDouble(a), toDouble(b))
                    : Long.compare(toLong(a), toLong(b));
        }
        if (a instanceof String x && b instanceof String y) {
            return compareCodePoints(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                if (!eq(x.get(i), y.get(i))) {
                    return compare(x.get(i), y.get(i));
                }
            }
            return Integer.compare(x.size(), y.size());
        }
        throw new TemplateException(
                "'<' not supported between instances of '"
                        + typeName(a)
                        + "' and '"
                        + typeName(b)
                        + "'");
    }

    private static int compareCodePoints(String x, String y) {
        Iterator<Integer> i = x.codePoints().iterator();
        Iterator<Integer> j = y.codePoints().iterator();
        while (i.hasNext() && j.hasNext()) {
            int c = Integer.compare(i.next(), j.next());
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(i.hasNext(), j.hasNext());
    }

    static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double || v instanceof Boolean;
    }

    static long toLong(Object v) {
        return v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).longValue();
    }

    static double toDouble(Object v) {
        return v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue();
    }

    /** Python's {@code in}: substring, list membership or dict key. */
    static boolean contains(Object container, Object item) {
        if (container instanceof String s) {
            if (!(item instanceof String t)) {
                throw new TemplateException(
                        "'in <string>' requires string as left operand, not " + typeName(item));
            }
            return s.contains(t);
        }
        if (container instanceof List<?> l) {
            return l.stream().anyMatch(x -> eq(x, item));
        }
        if (container instanceof Map<?, ?> m) {
            return m.keySet().stream().anyMatch(k -> eq(k, item));
        }
        if (container instanceof Undefined) {
            return false;
        }
        throw new TemplateException(
                "argument of type '" + typeName(container) + "' is not iterable");
    }

    /** The items a for-loop visits: list items, dict keys, string characters. */
    static List<Object> iterate(Object v) {
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        if (v instanceof Map<?, ?> m) {
            return new ArrayList<>(m.keySet());
        }
        if (v instanceof String s) {
            return new ArrayList<>(PyStrings.chars(s));
        }
        if (v instanceof Undefined) {
            return new ArrayList<>();
        }
        throw new TemplateException("'" + typeName(v) + "' object is not iterable");
    }

    /** Python's {@code len}. */
    static long length(Object v) {
        if (v instanceof String s) {
            return s.codePointCount(0, s.length());
        }
        if (v instanceof Collection<?> c) {
            return c.size();
        }
        if (v instanceof Map<?, ?> m) {
            return m.size();
        }
        if (v instanceof Undefined) {
            return 0;
        }
        throw new TemplateException("object of type '" + typeName(v) + "' has no len()");
    }
}
