package dev.agent0.eval.grade;

import java.math.BigInteger;

/**
 * A real number that stays an exact {@link Rational} for as long as the arithmetic allows and
 * becomes a {@code double} otherwise (irrational roots, {@code \pi}, huge powers).
 *
 * @param exact the exact value, or null when only {@code approx} is known
 * @param approx the value as a double (always set)
 * @param inexact true when the value came from a decimal literal or a float step, so that
 *     comparisons use the tolerance rather than exact equality
 */
record Num(Rational exact, double approx, boolean inexact) {
    /** Exact powers stop here and fall back to doubles: guards against 2^(10^9). */
    static final int MAX_EXACT_EXPONENT = 4096;

    static final long MAX_EXACT_BITS = 1L << 16;

    static Num exact(Rational r, boolean fromDecimal) {
        return new Num(r, r.doubleValue(), fromDecimal);
    }

    static Num real(double d) {
        return new Num(null, d, true);
    }

    boolean isExact() {
        return exact != null;
    }

    Num add(Num o) {
        return isExact() && o.isExact()
                ? exact(exact.add(o.exact), inexact || o.inexact)
                : real(approx + o.approx);
    }

    Num subtract(Num o) {
        return add(o.negate());
    }

    Num multiply(Num o) {
        return isExact() && o.isExact()
                ? exact(exact.multiply(o.exact), inexact || o.inexact)
                : real(approx * o.approx);
    }

    Num divide(Num o) {
        if (isExact() && o.isExact()) {
            if (o.exact.signum() == 0) {
                return real(approx / 0.0);
            }
            return exact(exact.divide(o.exact), inexact || o.inexact);
        }
        return real(approx / o.approx);
    }

    Num negate() {
        return isExact() ? exact(exact.negate(), inexact) : real(-approx);
    }

    Num pow(Num e) {
        if (isExact() && e.isExact() && e.exact.isInteger()) {
            BigInteger n = e.exact.numerator();
            if (n.abs().compareTo(BigInteger.valueOf(MAX_EXACT_EXPONENT)) <= 0
                    && exact.bitLength() * n.abs().longValue() <= MAX_EXACT_BITS
                    && !(exact.signum() == 0 && n.signum() < 0)) {
                return exact(exact.pow(n.intValue()), inexact || e.inexact);
            }
        }
        if (isExact()
                && e.isExact()
                && e.exact.denominator().equals(BigInteger.TWO)
                && exact.signum() >= 0) {
            // x^(p/2) = sqrt(x)^p: exact when x is a perfect square.
            Num root = sqrt();
            if (root.isExact()) {
                return root.pow(exact(Rational.of(e.exact.numerator()), e.inexact));
            }
        }
        return real(Math.pow(approx, e.approx));
    }

    /** Exact when numerator and denominator are perfect squares, else a double. */
    Num sqrt() {
        if (isExact() && exact.signum() >= 0) {
            BigInteger p = exact.numerator().sqrt();
            BigInteger q = exact.denominator().sqrt();
            if (p.multiply(p).equals(exact.numerator())
                    && q.multiply(q).equals(exact.denominator())) {
                return exact(new Rational(p, q), inexact);
            }
        }
        return real(Math.sqrt(approx));
    }

    Num abs() {
        return isExact()
                ? exact(exact.signum() < 0 ? exact.negate() : exact, inexact)
                : real(Math.abs(approx));
    }

    /**
     * Value equality: exact when both sides are exact and came from no decimal; otherwise |a − b| ≤
     * relTol·max(|a|, |b|) (or ≤ 1e-12 absolute), infinities equal by sign.
     */
    boolean sameValue(Num o, double relTol) {
        if (isExact() && o.isExact() && !inexact && !o.inexact) {
            return exact.equals(o.exact);
        }
        double a = approx;
        double b = o.approx;
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return false;
        }
        if (Double.isInfinite(a) || Double.isInfinite(b)) {
            return a == b;
        }
        double diff = Math.abs(a - b);
        return diff <= 1e-12 || diff <= relTol * Math.max(Math.abs(a), Math.abs(b));
    }
}
