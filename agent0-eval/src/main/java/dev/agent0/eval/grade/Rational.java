package dev.agent0.eval.grade;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * An exact fraction p/q of {@link BigInteger}s in lowest terms with q &gt; 0.
 *
 * <p>Immutable; equality is value equality because the form is canonical.
 */
public record Rational(BigInteger numerator, BigInteger denominator)
        implements Comparable<Rational> {
    public static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
    public static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

    public Rational {
        if (denominator.signum() == 0) {
            throw new ArithmeticException("division by zero");
        }
        if (denominator.signum() < 0) {
            numerator = numerator.negate();
            denominator = denominator.negate();
        }
        BigInteger g = numerator.gcd(denominator);
        if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
            numerator = numerator.divide(g);
            denominator = denominator.divide(g);
        }
        if (numerator.signum() == 0) {
            denominator = BigInteger.ONE;
        }
    }

    public static Rational of(long n) {
        return new Rational(BigInteger.valueOf(n), BigInteger.ONE);
    }

    public static Rational of(BigInteger n) {
        return new Rational(n, BigInteger.ONE);
    }

    /** Parses a plain decimal literal such as {@code -12.50} or {@code .5} exactly. */
    public static Rational parseDecimal(String s) {
        BigDecimal d = new BigDecimal(s.startsWith(".") ? "0" + s : s);
        if (d.scale() <= 0) {
            return of(d.toBigIntegerExact());
        }
        return new Rational(d.unscaledValue(), BigInteger.TEN.pow(d.scale()));
    }

    public Rational add(Rational o) {
        return new Rational(
                numerator.multiply(o.denominator).add(o.numerator.multiply(denominator)),
                denominator.multiply(o.denominator));
    }

    public Rational subtract(Rational o) {
        return add(o.negate());
    }

    public Rational multiply(Rational o) {
        return new Rational(numerator.multiply(o.numerator), denominator.multiply(o.denominator));
    }

    public Rational divide(Rational o) {
        return new Rational(numerator.multiply(o.denominator), denominator.multiply(o.numerator));
    }

    public Rational negate() {
        return new Rational(numerator.negate(), denominator);
    }

    public Rational pow(int e) {
        if (e >= 0) {
            return new Rational(numerator.pow(e), denominator.pow(e));
        }
        return new Rational(denominator.pow(-e), numerator.pow(-e));
    }

    public boolean isInteger() {
        return denominator.equals(BigInteger.ONE);
    }

    public int signum() {
        return numerator.signum();
    }

    /** Bits needed for numerator and denominator together: a size guard against blow-ups. */
    public long bitLength() {
        return (long) numerator.bitLength() + denominator.bitLength();
    }

    public double doubleValue() {
        return new BigDecimal(numerator)
                .divide(new BigDecimal(denominator), MathContext.DECIMAL64)
                .doubleValue();
    }

    @Override
    public int compareTo(Rational o) {
        return numerator.multiply(o.denominator).compareTo(o.numerator.multiply(denominator));
    }

    @Override
    public String toString() {
        return isInteger() ? numerator.toString() : numerator + "/" + denominator;
    }
}
