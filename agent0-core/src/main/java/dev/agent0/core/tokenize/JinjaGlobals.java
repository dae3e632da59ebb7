package dev.agent0.core.tokenize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The global functions a chat template can call: range, namespace, dict, raise_exception. */
final class JinjaGlobals {
    /** Jinja2's sandbox caps range() at this many items. */
    private static final long MAX_RANGE = 100_000;

    private JinjaGlobals() {}

    static void install(JinjaScope root) {
        root.set("range", (JinjaCallable) (a, kw) -> range(a));
        root.set(
                "namespace",
                (JinjaCallable)
                        (a, kw) -> {
                            Namespace ns = new Namespace();
                            for (Object x : a) {
                                if (x instanceof Map<?, ?> m) {
                                    m.forEach((k, v) -> ns.attrs.put(PyRepr.str(k), v));
                                }
                            }
                            ns.attrs.putAll(kw);
                            return ns;
                        });
        root.set(
                "dict",
                (JinjaCallable)
                        (a, kw) -> {
                            Map<Object, Object> out = new LinkedHashMap<>();
                            if (!a.isEmpty() && a.get(0) instanceof Map<?, ?> m) {
                                out.putAll(m);
                            }
                            out.putAll(kw);
                            return out;
                        });
        root.set(
                "raise_exception",
                (JinjaCallable)
                        (a, kw) -> {
                            throw new TemplateException(
                                    a.isEmpty() ? "raise_exception" : PyRepr.str(a.get(0)));
                        });
    }

    private static List<Object> range(List<Object> a) {
        long start = 0;
        long stop;
        long step = 1;
        if (a.size() == 1) {
            stop = PyValues.toLong(a.get(0));
        } else if (a.size() == 2 || a.size() == 3) {
            start = PyValues.toLong(a.get(0));
            stop = PyValues.toLong(a.get(1));
            step = a.size() == 3 ? PyValues.toLong(a.get(2)) : 1;
        } else {
            throw new TemplateException("range expected 1 to 3 arguments, got " + a.size());
        }
        if (step == 0) {
            throw new TemplateException("range() arg 3 must not be zero");
        }
        List<Object> out = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            if (out.size() >= MAX_RANGE) {
                throw new TemplateException("range too big (more than " + MAX_RANGE + " items)");
            }
            out.add(i);
        }
        return out;
    }
}
