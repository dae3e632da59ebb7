package dev.agent0.core.tokenize;

import java.util.HashMap;
import java.util.Map;

/**
 * One frame of template variables. A for-loop iteration and a macro call get a child frame; {@code
 * if} does not, so {@code set} inside a loop body is invisible after the loop (which is why
 * templates use {@code namespace()}), exactly as in Jinja2.
 */
final class JinjaScope {
    private final JinjaScope parent;
    private final Map<String, Object> vars = new HashMap<>();

    JinjaScope(JinjaScope parent) {
        this.parent = parent;
    }

    JinjaScope child() {
        return new JinjaScope(this);
    }

    Object lookup(String name) {
        for (JinjaScope s = this; s != null; s = s.parent) {
            if (s.vars.containsKey(name)) {
                return s.vars.get(name);
            }
        }
        return new Undefined("'" + name + "' is undefined");
    }

    void set(String name, Object value) {
        vars.put(name, value);
    }
}
