package dev.agent0.eval.grade;

import java.math.BigInteger;
import java.util.Map;
import java.util.Set;

/**
 * A parsed scalar LaTeX expression: numbers, variables, arithmetic and a few functions.
 *
 * <p>Evaluation is exact ({@link Rational}) where it can be and double elsewhere; variables take
 * their values from an environment, which is how symbolic answers are compared at random points.
 */
sealed interface Expr {
    Num eval(Map<String, Double> env, Budget budget);

    void collectVariables(Set<String> into);

    /** A number literal; {@code integerLiteral} marks a plain integer such as the 2 of 2\frac12. */
    record Const(Num value, boolean integerLiteral) implements Expr {
        public Num eval(Map<String, Double> env, Budget b) {
            return value;
        }

        public void collectVariables(Set<String> into) {}
    }

    /** A variable, or a literal compared by name such as the base-8 number {@code 52_8}. */
    record Var(String name) implements Expr {
        public Num eval(Map<String, Double> env, Budget b) {
            Double v = env.get(name);
            if (v == null) {
                throw new IllegalStateException("no value for variable " + name);
            }
            return Num.real(v);
        }

        public void collectVariables(Set<String> into) {
            into.add(name);
        }
    }

    enum Op {
        ADD,
        SUB,
        MUL,
        DIV,
        POW
    }

    record Bin(Op op, Expr left, Expr right) implements Expr {
        public Num eval(Map<String, Double> env, Budget b) {
            b.check();
            Num x = left.eval(env, b);
            Num y = right.eval(env, b);
            return switch (op) {
                case ADD -> x.add(y);
                case SUB -> x.subtract(y);
                case MUL -> x.multiply(y);
                case DIV -> x.divide(y);
                case POW -> x.pow(y);
            };
        }

        public void collectVariables(Set<String> into) {
            left.collectVariables(into);
            right.collectVariables(into);
        }
    }

    record Neg(Expr arg) implements Expr {
        public Num eval(Map<String, Double> env, Budget b) {
            return arg.eval(env, b).negate();
        }

        public void collectVariables(Set<String> into) {
            arg.collectVariables(into);
        }
    }

    /** sqrt, abs, factorial, binomial-free one-argument functions (sin, cos, ln, ...). */
    record Func(String name, Expr arg) implements Expr {
        public Num eval(Map<String, Double> env, Budget b) {
            b.check();
            Num x = arg.eval(env, b);
            double v = x.approx();
            return switch (name) {
                case "sqrt" -> x.sqrt();
                case "abs" -> x.abs();
                case "factorial" -> factorial(x, b);
                case "sin" -> Num.real(Math.sin(v));
                case "cos" -> Num.real(Math.cos(v));
                case "tan" -> Num.real(Math.tan(v));
                case "cot" -> Num.real(1 / Math.tan(v));
                case "sec" -> Num.real(1 / Math.cos(v));
                case "csc" -> Num.real(1 / Math.sin(v));
                case "arcsin" -> Num.real(Math.asin(v));
                case "arccos" -> Num.real(Math.acos(v));
                case "arctan" -> Num.real(Math.atan(v));
                case "ln", "log" -> Num.real(Math.log(v));
                case "exp" -> Num.real(Math.exp(v));
                case "floor" -> rounded(x, false);
                case "ceil" -> rounded(x, true);
                default -> throw new IllegalStateException("unknown function " + name);
            };
        }

        /** {@code \lfloor x \rfloor} / {@code \lceil x \rceil}, exact for an exact x. */
        private static Num rounded(Num x, boolean up) {
            if (x.isExact()) {
                BigInteger[] qr = x.exact().numerator().divideAndRemainder(x.exact().denominator());
                BigInteger q = qr[0];
                if (qr[1].signum() < 0 && !up) {
                    q = q.subtract(BigInteger.ONE);
                } else if (qr[1].signum() > 0 && up) {
                    q = q.add(BigInteger.ONE);
                }
                return Num.exact(Rational.of(q), x.inexact());
            }
            return Num.real(up ? Math.ceil(x.approx()) : Math.floor(x.approx()));
        }

        private static Num factorial(Num x, Budget b) {
            if (x.isExact()
                    && x.exact().isInteger()
                    && x.exact().signum() >= 0
                    && x.exact().numerator().compareTo(BigInteger.valueOf(2000)) <= 0) {
                BigInteger f = BigInteger.ONE;
                for (int i = 2; i <= x.exact().numerator().intValue(); i++) {
                    f = f.multiply(BigInteger.valueOf(i));
                }
                b.check();
                return Num.exact(Rational.of(f), x.inexact());
            }
            return Num.real(Double.NaN);
        }

        public void collectVariables(Set<String> into) {
            arg.collectVariables(into);
        }
    }

    /** The n-th root {@code \sqrt[n]{x}} (exact for perfect squares when n = 2). */
    record Root(Expr index, Expr radicand) implements Expr {
        public Num eval(Map<String, Double> env, Budget b) {
            Num n = index.eval(env, b);
            Num x = radicand.eval(env, b);
            if (n.isExact() && n.exact().equals(Rational.of(2))) {
                return x.sqrt();
            }
            if (x.isExact()
                    && n.isExact()
                    && n.exact().isInteger()
                    && n.exact().numerator().bitLength() < 16
                    && x.exact().signum() >= 0) {
                int k = n.exact().numerator().intValue();
                BigInteger p = iroot(x.exact().numerator(), k);
                BigInteger q = iroot(x.exact().denominator(), k);
                if (p != null && q != null) {
                    return Num.exact(new Rational(p, q), x.inexact());
                }
            }
            double xv = x.approx();
            double r =
                    xv < 0 && n.approx() % 2 == 1
                            ? -Math.pow(-xv, 1 / n.approx())
                            : Math.pow(xv, 1 / n.approx());
            return Num.real(r);
        }

        private static BigInteger iroot(BigInteger v, int k) {
            if (k <= 0) {
                return null;
            }
            BigInteger r = BigInteger.valueOf(Math.round(Math.pow(v.doubleValue(), 1.0 / k)));
            for (BigInteger c :
                    new BigInteger[] {r.subtract(BigInteger.ONE), r, r.add(BigInteger.ONE)}) {
                if (c.signum() >= 0 && c.pow(k).equals(v)) {
                    return c;
                }
            }
            return null;
        }

        public void collectVariables(Set<String> into) {
            index.collectVariables(into);
            radicand.collectVariables(into);
        }
    }

    /** {@code \binom{n}{k}} for small non-negative integers, exact. */
    record Binom(Expr n, Expr k) implements Expr {
        public Num eval(Map<String, Double> env, Budget b) {
            Num nv = n.eval(env, b);
            Num kv = k.eval(env, b);
            if (nv.isExact()
                    && kv.isExact()
                    && nv.exact().isInteger()
                    && kv.exact().isInteger()
                    && nv.exact().numerator().bitLength() < 16) {
                int nn = nv.exact().numerator().intValue();
                int kk = kv.exact().numerator().intValue();
                if (kk < 0 || kk > nn) {
                    return Num.exact(Rational.ZERO, false);
                }
                BigInteger r = BigInteger.ONE;
                for (int i = 0; i < kk; i++) {
                    r = r.multiply(BigInteger.valueOf(nn - i)).divide(BigInteger.valueOf(i + 1));
                }
                return Num.exact(Rational.of(r), false);
            }
            return Num.real(Double.NaN);
        }

        public void collectVariables(Set<String> into) {
            n.collectVariables(into);
            k.collectVariables(into);
        }
    }

    /** π, Euler's e and ∞ (as doubles). */
    record Constant(String name, double value) implements Expr {
        public Num eval(Map<String, Double> env, Budget b) {
            return Num.real(value);
        }

        public void collectVariables(Set<String> into) {}
    }

    /** {@code \frac{a}{b}}: a division kept apart so that 2\frac12 can read as a mixed number. */
    record Frac(Expr numerator, Expr denominator) implements Expr {
        public Num eval(Map<String, Double> env, Budget b) {
            b.check();
            return numerator.eval(env, b).divide(denominator.eval(env, b));
        }

        public void collectVariables(Set<String> into) {
            numerator.collectVariables(into);
            denominator.collectVariables(into);
        }
    }

    /** {@code \gcd}, {@code \lcm}, {@code \max}, {@code \min} of several arguments. */
    record Multi(String name, java.util.List<Expr> args) implements Expr {
        public Num eval(Map<String, Double> env, Budget b) {
            b.check();
            Num acc = null;
            for (Expr a : args) {
                Num x = a.eval(env, b);
                acc = acc == null ? start(x) : combine(acc, x);
            }
            return acc;
        }

        private Num start(Num x) {
            return name.equals("gcd") || name.equals("lcm") ? integerOrNaN(x) : x;
        }

        private Num combine(Num acc, Num x) {
            switch (name) {
                case "max":
                    return x.approx() > acc.approx() ? x : acc;
                case "min":
                    return x.approx() < acc.approx() ? x : acc;
                default:
                    Num y = integerOrNaN(x);
                    if (!acc.isExact() || !y.isExact()) {
                        return Num.real(Double.NaN);
                    }
                    BigInteger p = acc.exact().numerator();
                    BigInteger q = y.exact().numerator();
                    BigInteger g = p.gcd(q);
                    BigInteger r =
                            name.equals("gcd")
                                    ? g
                                    : g.signum() == 0
                                            ? BigInteger.ZERO
                                            : p.multiply(q).abs().divide(g);
                    return Num.exact(Rational.of(r), false);
            }
        }

        private static Num integerOrNaN(Num x) {
            return x.isExact() && x.exact().isInteger()
                    ? Num.exact(Rational.of(x.exact().numerator().abs()), false)
                    : Num.real(Double.NaN);
        }

        public void collectVariables(Set<String> into) {
            for (Expr a : args) {
                a.collectVariables(into);
            }
        }
    }
}
