package dev.agent0.core.tokenize;

import dev.agent0.core.tokenize.JinjaNode.Expr;
import dev.agent0.core.tokenize.JinjaNode.LoopSignal;
import dev.agent0.core.tokenize.JinjaNode.Stmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Template statements: text, output, if, for, set, macro, break/continue. */
final class JinjaStmts {
    private JinjaStmts() {}

    /** Adds the template line to errors raised below it. */
    record Located(int line, Stmt inner) implements Stmt {
        public void exec(JinjaScope s, StringBuilder out) {
            try {
                inner.exec(s, out);
            } catch (TemplateException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("chat template line")) {
                    throw e;
                }
                throw TemplateException.at(line, e.getMessage());
            } catch (ArithmeticException | ClassCastException | IndexOutOfBoundsException e) {
                throw TemplateException.at(line, e.toString());
            }
        }
    }

    record Text(String text) implements Stmt {
        public void exec(JinjaScope s, StringBuilder out) {
            out.append(text);
        }
    }

    record Output(Expr expr) implements Stmt {
        public void exec(JinjaScope s, StringBuilder out) {
            out.append(PyRepr.str(expr.eval(s)));
        }
    }

    record If(List<Expr> tests, List<List<Stmt>> bodies, List<Stmt> otherwise) implements Stmt {
        public void exec(JinjaScope s, StringBuilder out) {
            for (int i = 0; i < tests.size(); i++) {
                if (PyValues.truthy(tests.get(i).eval(s))) {
                    JinjaNode.execAll(bodies.get(i), s, out);
                    return;
                }
            }
            JinjaNode.execAll(otherwise, s, out);
        }
    }

    record For(
            List<String> targets, Expr iterable, Expr filter, List<Stmt> body, List<Stmt> otherwise)
            implements Stmt {
        public void exec(JinjaScope s, StringBuilder out) {
            List<Object> items = PyValues.iterate(iterable.eval(s));
            if (filter != null) {
                List<Object> kept = new ArrayList<>();
                for (Object item : items) {
                    JinjaScope f = s.child();
                    bind(f, targets, item);
                    if (PyValues.truthy(filter.eval(f))) {
                        kept.add(item);
                    }
                }
                items = kept;
            }
            if (items.isEmpty()) {
                JinjaNode.execAll(otherwise, s, out);
                return;
            }
            for (int i = 0; i < items.size(); i++) {
                JinjaScope it = s.child();
                bind(it, targets, items.get(i));
                it.set("loop", new LoopContext(items, i));
                try {
                    JinjaNode.execAll(body, it, out);
                } catch (LoopSignal signal) {
                    if (signal == LoopSignal.BREAK) {
                        break;
                    }
                }
            }
        }
    }

    /** Assigns {@code value} to one name, or unpacks it over several. */
    static void bind(JinjaScope s, List<String> targets, Object value) {
        if (targets.size() == 1) {
            s.set(targets.get(0), value);
            return;
        }
        List<Object> parts = PyValues.iterate(value);
        if (parts.size() != targets.size()) {
            throw new TemplateException(
                    "cannot unpack " + parts.size() + " values into " + targets.size() + " names");
        }
        for (int i = 0; i < targets.size(); i++) {
            s.set(targets.get(i), parts.get(i));
        }
    }

    record Set(List<String> targets, Expr value) implements Stmt {
        public void exec(JinjaScope s, StringBuilder out) {
            bind(s, targets, value.eval(s));
        }
    }

    record SetAttr(String namespace, String attr, Expr value) implements Stmt {
        public void exec(JinjaScope s, StringBuilder out) {
            Object ns = s.lookup(namespace);
            if (!(ns instanceof Namespace n)) {
                throw new TemplateException(
                        "cannot assign attribute on non-namespace object '" + namespace + "'");
            }
            n.attrs.put(attr, value.eval(s));
        }
    }

    record SetBlock(String name, List<Stmt> body) implements Stmt {
        public void exec(JinjaScope s, StringBuilder out) {
            StringBuilder captured = new StringBuilder();
            JinjaNode.execAll(body, s, captured);
            s.set(name, captured.toString());
        }
    }

    record Macro(String name, List<String> params, Map<String, Expr> defaults, List<Stmt> body)
            implements Stmt {
        public void exec(JinjaScope s, StringBuilder out) {
            s.set(name, (JinjaCallable) (args, kwargs) -> call(s, args, kwargs));
        }

        private String call(JinjaScope definedIn, List<Object> args, Map<String, Object> kwargs) {
            if (args.size() > params.size()) {
                throw new TemplateException(
                        "macro '"
                                + name
                                + "' takes not more than "
                                + params.size()
                                + " argument(s)");
            }
            JinjaScope m = definedIn.child();
            for (int i = 0; i < params.size(); i++) {
                String p = params.get(i);
                if (i < args.size()) {
                    m.set(p, args.get(i));
                } else if (kwargs.containsKey(p)) {
                    m.set(p, kwargs.get(p));
                } else if (defaults.containsKey(p)) {
                    m.set(p, defaults.get(p).eval(m));
                } else {
                    m.set(p, new Undefined("parameter '" + p + "' was not provided"));
                }
            }
            for (String k : kwargs.keySet()) {
                if (!params.contains(k)) {
                    throw new TemplateException(
                            "macro '" + name + "' takes no keyword argument '" + k + "'");
                }
            }
            StringBuilder out = new StringBuilder();
            JinjaNode.execAll(body, m, out);
            return out.toString();
        }
    }

    record Signal(LoopSignal signal) implements Stmt {
        public void exec(JinjaScope s, StringBuilder out) {
            throw signal;
        }
    }
}
