package dev.agent0.eval.grade;

import java.util.List;

/**
 * The structure of a parsed final answer: a scalar, or one of the shapes MATH answers take.
 *
 * <p>Comparison rules live in {@link ValueEquivalence}; this type only records the shape.
 */
sealed interface MathValue {
    /** One expression, numeric or symbolic. */
    record Scalar(Expr expr) implements MathValue {}

    /** {@code (a, b, c)}: compared in order. */
    record Tuple(List<MathValue> items) implements MathValue {}

    /** {@code \{a, b\}} or {@code a \pm b}: compared as a multiset, order ignored. */
    record SetOf(List<MathValue> items) implements MathValue {}

    /** {@code 1, 2} without brackets: order ignored against a set, kept against a tuple. */
    record BareList(List<MathValue> items) implements MathValue {}

    /** {@code [a, b)} etc.: both brackets must match and both ends be equal. */
    record Interval(boolean leftClosed, Expr low, Expr high, boolean rightClosed)
            implements MathValue {}

    /** {@code A \cup B}: parts compared as a multiset. */
    record Union(List<MathValue> parts) implements MathValue {}

    /** {@code pmatrix}/{@code bmatrix}: same shape, compared element-wise. */
    record Matrix(List<List<Expr>> rows) implements MathValue {}

    /**
     * {@code lhs = rhs} whose left side is not a lone variable; equal when lhs − rhs agree up to a
     * factor.
     */
    record Equation(Expr lhs, Expr rhs) implements MathValue {}

    /** A word answer such as {@code \text{Evelyn}}: case and spaces ignored. */
    record Text(String words) implements MathValue {}

    /**
     * {@code 12:00}, a time of day: equal to the same time; against a number it is the ratio
     * hours/minutes, as latex2sympy2_extended reads a colon.
     */
    record Time(int hours, int minutes) implements MathValue {}

    /** A multiple-choice letter such as {@code (C)}. */
    record Choice(char letter) implements MathValue {}
}
