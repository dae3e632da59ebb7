package dev.agent0.core.tokenize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The syntax tree of a template: expressions evaluate to values, statements write text. */
final class JinjaNode {
    private JinjaNode() {}

    interface Expr {
        Object eval(JinjaScope s);
    }

    interface Stmt {
        void exec(JinjaScope s, StringBuilder out);
    }

    /** Thrown by {@code break} and {@code continue}; caught by the innermost for-loop. */
    static final class LoopSignal extends RuntimeException {
        static final LoopSignal BREAK = new LoopSignal();
        static final LoopSignal CONTINUE = new LoopSignal();

        private LoopSignal() {
            super(null, null, false, false);
        }
    }

    static void execAll(List<Stmt> body, JinjaScope s, StringBuilder out) {
        for (Stmt st : body) {
            st.exec(s, out);
        }
    }

    // ---- expressions ----

    record Literal(Object value) implements Expr {
        public Object eval(JinjaScope s) {
            return value;
        }
    }

    record Name(String name) implements Expr {
        public Object eval(JinjaScope s) {
            return s.lookup(name);
        }
    }

    record ListLit(List<Expr> items, boolean tuple) implements Expr {
        public Object eval(JinjaScope s) {
            List<Object> out = new ArrayList<>();
            items.forEach(e -> out.add(e.eval(s)));
            return tuple ? new PyTuple(out) : out;
        }
    }

    record DictLit(List<Expr> keys, List<Expr> values) implements Expr {
        public Object eval(JinjaScope s) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                out.put(keys.get(i).eval(s), values.get(i).eval(s));
            }
            return out;
        }
    }

    record GetAttr(Expr obj, String name) implements Expr {
        public Object eval(JinjaScope s) {
            return PyOps.getattr(obj.eval(s), name);
        }
    }

    record GetItem(Expr obj, Expr key) implements Expr {
        public Object eval(JinjaScope s) {
            return PyOps.getitem(obj.eval(s), key.eval(s));
        }
    }

    record Slice(Expr obj, Expr start, Expr stop, Expr step) implements Expr {
        public Object eval(JinjaScope s) {
            return PyOps.slice(obj.eval(s), opt(start, s), opt(stop, s), opt(step, s));
        }

        private static Object opt(Expr e, JinjaScope s) {
            return e == null ? null : e.eval(s);
        }
    }

    record Call(Expr fn, List<Expr> args, Map<String, Expr> kwargs) implements Expr {
        public Object eval(JinjaScope s) {
            Object f = fn.eval(s);
            if (f instanceof Undefined u) {
                throw u.fail();
            }
            if (!(f instanceof JinjaCallable c)) {
                throw new TemplateException(
                        "'" + PyValues.typeName(f) + "' object is not callable");
            }
            return c.call(evalAll(args, s), evalAll(kwargs, s));
        }
    }

    record Filter(Expr value, String name, List<Expr> args, Map<String, Expr> kwargs)
            implements Expr {
        public Object eval(JinjaScope s) {
            return JinjaFilters.apply(name, value.eval(s), evalAll(args, s), evalAll(kwargs, s));
        }
    }

    record Test(Expr value, String name, List<Expr> args, boolean negated) implements Expr {
        public Object eval(JinjaScope s) {
            return negated != JinjaTests.test(name, value.eval(s), evalAll(args, s));
        }
    }

    record Unary(String op, Expr operand) implements Expr {
        public Object eval(JinjaScope s) {
            Object v = operand.eval(s);
            return switch (op) {
                case "not" -> !PyValues.truthy(v);
                case "-" -> PyOps.negate(v);
                default -> v;
            };
        }
    }

    record Binary(String op, Expr left, Expr right) implements Expr {
        public Object eval(JinjaScope s) {
            Object a = left.eval(s);
            return switch (op) {
                case "and" -> PyValues.truthy(a) ? right.eval(s) : a;
                case "or" -> PyValues.truthy(a) ? a : right.eval(s);
                default -> PyOps.binary(op, a, right.eval(s));
            };
        }
    }

    record Compare(Expr first, List<String> ops, List<Expr> rest) implements Expr {
        public Object eval(JinjaScope s) {
            Object a = first.eval(s);
            for (int i = 0; i < ops.size(); i++) {
                Object b = rest.get(i).eval(s);
                boolean ok =
                        switch (ops.get(i)) {
                            case "==" -> PyValues.eq(a, b);
                            case "!=" -> !PyValues.eq(a, b);
                            case "<" -> PyValues.compare(a, b) < 0;
                            case "<=" -> PyValues.compare(a, b) <= 0;
                            case ">" -> PyValues.compare(a, b) > 0;
                            case ">=" -> PyValues.compare(a, b) >= 0;
                            case "in" -> PyValues.contains(b, a);
                            case "not in" -> !PyValues.contains(b, a);
                            default -> throw new IllegalStateException(ops.get(i));
                        };
                if (!ok) {
                    return false;
                }
                a = b;
            }
            return true;
        }
    }

    record CondExpr(Expr test, Expr then, Expr otherwise) implements Expr {
        public Object eval(JinjaScope s) {
            if (PyValues.truthy(test.eval(s))) {
                return then.eval(s);
            }
            return otherwise == null
                    ? new Undefined(
                            "the inline if-expression evaluated to false and no else"
                                    + " section was defined")
                    : otherwise.eval(s);
        }
    }

    static List<Object> evalAll(List<Expr> exprs, JinjaScope s) {
        List<Object> out = new ArrayList<>(exprs.size());
        exprs.forEach(e -> out.add(e.eval(s)));
        return out;
    }

    static Map<String, Object> evalAll(Map<String, Expr> exprs, JinjaScope s) {
        Map<String, Object> out = new LinkedHashMap<>();
        exprs.forEach((k, e) -> out.put(k, e.eval(s)));
        return out;
    }
}
