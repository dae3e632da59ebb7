package dev.agent0.eval.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The value grader agrees with Math-Verify (huggingface/Math-Verify {@code parser.py}, {@code
 * grader.py}; latex2sympy2_extended {@code math_normalization.py}, {@code latex2sympy2.py}) on five
 * kinds of answers. The verdicts were derived by hand from those rules; the cases are our own.
 */
class MathVerifyAgreementTest {
    private final ValueEquivalence value = new ValueEquivalence();
    private final ValueEquivalence fraction =
            new ValueEquivalence(ValueGraderConfig.defaults().withPercent(PercentPolicy.FRACTION));

    private boolean graded(String response, String gold) {
        return value.grade(response, gold).correct();
    }

    private boolean eq(String pred, String gold) {
        return value.compare(pred, gold).correct();
    }

    // 1. Math spans in running text: the boxed answer, then an anchor, then the last span or
    //    number (whichever ends last).
    @Test
    void answerInRunningTextIsTheLastMathSpan() {
        assertEquals(Optional.of("9"), AnswerExtractor.extractValue("Answer \\( 9 \\)"));
        assertEquals(
                Optional.of("9"), AnswerExtractor.extractValue("so the answer is $9$ dollars."));
        assertEquals(
                Optional.of("\\frac{7}{2}"),
                AnswerExtractor.extractValue(
                        "First $x = 2$, so the length is\n$$\\frac{7}{2}$$\nas required."));
        assertEquals(
                Optional.of("y^2"),
                AnswerExtractor.extractValue(
                        "We get \\[ y^2 \\] in the end; check: $y$ is \\(y^2\\)"));
        assertTrue(graded("The tickets cost \\( 45 \\) €", "45"));
        assertTrue(graded("Then $p = 3$, which gives a total of 17 km.", "17"));
        assertTrue(graded("He pays 12€ in total.\nThat is all", "12"));
        assertFalse(graded("Answer \\( 8 \\)", "9"));
    }

    @Test
    void boxedAnswerStillWinsOverSpansAndNumbers() {
        assertEquals(
                Optional.of("6"),
                AnswerExtractor.extractValue("So \\boxed{6}, not $7$ and not 8 apples."));
        assertTrue(graded("Thus \\boxed{\\tfrac{3}{2}} and $x$ is 5.", "1.5"));
    }

    @Test
    void hendrycksExtractionIsUnchanged() {
        // The old order (bare short line) still feeds the Hendrycks grader.
        assertEquals(Optional.of("Answer \\( 9 \\)"), AnswerExtractor.extract("Answer \\( 9 \\)"));
        assertEquals(
                Optional.of("122"),
                AnswerExtractor.extract("Work\nIt weighs 1,22 kilograms in total.\n"));
    }

    // 2. Decimal commas in running text follow Math-Verify's number regex; in LaTeX answers only
    //    0,ddd is a decimal (latex2sympy2_extended convert_number), other commas are separators.
    @Test
    void decimalCommaVersusThousandsSeparator() {
        assertTrue(graded("Work\nIt weighs 1,22 kilograms in total.\n", "1.22"));
        assertFalse(graded("Work\nIt weighs 1,22 kilograms in total.\n", "122"));
        assertTrue(graded("The answer is 0,111", "0.111"));
        assertTrue(graded("Work\nThe answer is 1,000 marbles.\n", "1000"));
        assertTrue(graded("Work\nSo there are 12,345,678 stars.\n", "12345678"));
        assertTrue(graded("3,5", "3.5"));
        assertTrue(eq("0,111", "0.111"));
        assertTrue(eq("1,000", "1000"));
        assertTrue(eq("12,345,678", "12345678"));
        // 1,22 as a bare LaTeX answer is a list, as latex2sympy reads it: {1, 22}.
        assertFalse(eq("1,22", "1.22"));
        assertTrue(eq("-2,1", "1, -2"));
    }

    // 3. Percent words are \%; the percent policy decides what \% means (FRACTION = Math-Verify).
    @Test
    void percentWordsMeanPercentSign() {
        for (String p : new String[] {"28 percent", "28 pct", "$28$ percent", "28\\%", "28 %"}) {
            assertTrue(eq(p, "28\\%"), p);
            assertTrue(fraction.compare(p, "0.28").correct(), p);
            assertFalse(fraction.compare(p, "28").correct(), p);
            assertTrue(eq(p, "28"), p); // default STRIP: the sign is a unit
        }
        assertTrue(eq("28 \\text{ percent}", "28\\%"));
        assertFalse(eq("27 percent", "28\\%"));
        assertEquals(
                Optional.of("28\\%"), AnswerExtractor.extractValue("It rose by $28$ percent."));
        assertEquals(Optional.of("28\\%"), AnswerExtractor.extractValue("Work\nIt is 28 pct.\n"));
        assertTrue(
                new ValueEquivalence(
                                ValueGraderConfig.defaults().withPercent(PercentPolicy.FRACTION))
                        .grade("So it rose by $28$ percent overall.", "0.28")
                        .correct());
    }

    // 4. Normalisations of math_normalization.py and latex2sympy2's symbols.
    @Test
    void textWrappersFractionsAndEulerNormalise() {
        assertTrue(eq("\\text{odd}", "odd"));
        assertTrue(eq("odd", "\\text{Odd}"));
        assertTrue(eq("\\text{one}", "one"));
        assertFalse(eq("\\text{odd}", "even"));
        assertTrue(eq("\\cfrac{2}{3}", "\\frac{2}{3}"));
        assertTrue(eq("\\cfrac{1}{1+\\cfrac{1}{2}}", "\\frac{2}{3}"));
        assertTrue(eq("\\dfrac{5}{4}", "\\tfrac{5}{4}"));
        assertTrue(eq("\\mathrm{e}^{2}", "e^2"));
        assertTrue(eq("3\\mathrm{e}", "3e"));
        assertTrue(eq("e", "2.718282"));
        assertFalse(eq("\\mathrm{e}", "3"));
        assertFalse(eq("e^2", "e^3"));
    }

    // 5. An equation with a lone variable (or a tuple of them) on the left is its right-hand side.
    @Test
    void equationsCompareByRightHandSide() {
        assertTrue(eq("x = 5", "5"));
        assertTrue(eq("7", "t=7"));
        assertTrue(eq("(p,q)=(3,2)", "(3,2)"));
        assertTrue(eq("(3, 2)", "(a, b) = (3, 2)"));
        assertFalse(eq("(p,q)=(2,3)", "(3,2)"));
        assertFalse(eq("x = 6", "5"));
        assertTrue(graded("Hence $(m, n) = (4, -1)$.", "(4,-1)"));
    }
}
