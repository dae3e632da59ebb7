package dev.agent0.eval.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each kind of answer in GRADING.md, pinned by equal and unequal cases derived by hand. */
class ValueEquivalenceTest {
    private final ValueEquivalence value = new ValueEquivalence();

    private boolean eq(String pred, String gold) {
        return value.compare(pred, gold).correct();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    \\frac{1}{2}          | 0.5
                    \\dfrac{3}{4}         | \\frac34
                    6/8                   | \\frac{3}{4}
                    \\sqrt{16}            | 4
                    \\sqrt{8}             | 2\\sqrt{2}
                    2^{10}                | 1024
                    -\\frac{35}{9}        | \\frac{-35}{9}
                    3 \\cdot 4            | 12
                    3\\times 4            | 12
                    2(3+4)                | 14
                    10,\\!080             | 10080
                    10{,}080              | 10080
                    1,000                 | 1000
                    \\$32,\\!348          | 32348
                    3.0                   | 3
                    0.3333333             | \\frac{1}{3}
                    288\\pi               | 904.7787
                    90^\\circ             | 90
                    864 \\mbox{ inches}^2 | 864
                    5.4 \\text{ cents}    | 5.4
                    \\frac{270}7\\text{ degrees} | \\frac{270}{7}
                    x = 5                 | 5
                    \\text{(C)}           | C
                    (C)                   | \\text{(C)}
                    \\text{Evelyn}        | Evelyn
                    1\\frac{4}{5}         | \\frac{9}{5}
                    137 \\frac{1}{2}      | 137.5
                    .0000672              | 6.72 \\times 10^{-5}
                    52_8                  | 52_{8}
                    −3 × 4            | -12
                    """)
    void numbersAndWrappersAreEqual(String pred, String gold) {
        assertTrue(eq(pred, gold), () -> pred + " vs " + gold + ": " + value.compare(pred, gold));
    }

    @ParameterizedTest(name = "{0} != {1}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    0.5                   | \\frac{1}{3}
                    0.33                  | \\frac{1}{3}
                    \\sqrt{8}             | 3\\sqrt{2}
                    2^{11}                | 1024
                    10081                 | 10,\\!080
                    3.14                  | \\pi
                    -5                    | 5
                    \\text{(B)}           | \\text{(C)}
                    Evelyn                | \\text{Navin}
                    53_8                  | 52_8
                    1\\frac{4}{5}         | \\frac{4}{5}
                    0.0001                | 0
                    """)
    void differentValuesAreUnequal(String pred, String gold) {
        assertFalse(eq(pred, gold), () -> pred + " vs " + gold + ": " + value.compare(pred, gold));
    }

    @Test
    void tuplesAreOrdered() {
        assertTrue(eq("\\left( 3, \\frac{\\pi}{2} \\right)", "(3,\\frac{\\pi}{2})"));
        assertTrue(eq("(6, 31, -1)", "(6,31,-1)"));
        assertFalse(eq("(31, 6, -1)", "(6,31,-1)"));
        assertFalse(eq("(6, 31)", "(6,31,-1)"));
    }

    @Test
    void setsAndBareListsIgnoreOrder() {
        assertTrue(eq("\\{2, 1\\}", "\\{1, 2\\}"));
        assertTrue(eq("7, 5, 3", "3, 5, 7"));
        assertTrue(eq("-2, 1", "1,-2"));
        assertFalse(eq("3, 5", "3, 5, 7"));
        assertFalse(eq("3, 5, 8", "3, 5, 7"));
    }

    @Test
    void intervalBracketsMustMatch() {
        assertTrue(eq("(3, 4]", "(3,4]"));
        assertFalse(eq("[3, 4]", "(3,4]"));
        assertFalse(eq("(3, 4)", "(3,4]"));
        assertTrue(eq("(-\\infty, 0]", "(-\\infty,0]"));
        assertFalse(eq("(-\\infty, 0]", "(\\infty,0]"));
        assertTrue(eq("(9,36) \\cup (0,9)", "(0,9) \\cup (9,36)"));
        assertTrue(eq("x \\in [-2,7]", "[-2, 7]"));
        assertTrue(eq("\\left(\\frac{3}{5},\\frac{8}{3}\\right]", "(0.6, \\frac{8}{3}]"));
    }

    @Test
    void matricesCompareElementwise() {
        String gold = "\\begin{pmatrix} -1/3 \\\\ 2/3 \\\\ 5/3 \\end{pmatrix}";
        assertTrue(
                eq(
                        "\\begin{pmatrix} -\\frac{1}{3} \\\\ \\frac23 \\\\ \\frac{5}{3}"
                                + " \\end{pmatrix}",
                        gold));
        assertTrue(eq("\\begin{bmatrix} -1/3 \\\\ 2/3 \\\\ 5/3 \\end{bmatrix}", gold));
        assertFalse(eq("\\begin{pmatrix} 2/3 \\\\ -1/3 \\\\ 5/3 \\end{pmatrix}", gold));
        assertTrue(
                eq(
                        "\\begin{pmatrix} -1 & 0 \\\\ 0 & -1 \\end{pmatrix}",
                        "\\begin{pmatrix}-1&0\\\\0&-1\\end{pmatrix}"));
    }

    @Test
    void plusMinusIsTwoValues() {
        assertTrue(eq("3 \\pm 2\\sqrt{2}", "3 \\pm 2 \\sqrt{2}"));
        assertTrue(eq("3 + 2\\sqrt{2}, 3 - 2\\sqrt{2}", "3 \\pm 2 \\sqrt{2}"));
        assertFalse(eq("3 + 2\\sqrt{2}", "3 \\pm 2 \\sqrt{2}"));
        assertTrue(eq("\\{-2, 1+\\sqrt5, 1-\\sqrt5\\}", "\\{1\\pm\\sqrt{5},-2\\}"));
    }

    @Test
    void symbolicExpressionsCompareAtRandomPoints() {
        assertTrue(eq("x^5 - x^4 + x^3 - x^2 + x - 1", "x^5-x^4+x^3-x^2+x-1"));
        assertTrue(eq("(x-1)(x^4+x^2+1)", "x^5 - x^4 + x^3 - x^2 + x - 1"));
        assertTrue(eq("ab+5b+2a+10", "(a+5)(b+2)"));
        assertFalse(eq("ab+5b+2a+11", "(a+5)(b+2)"));
        assertTrue(eq("\\frac{9a+11}{20}", "\\frac{11+9a}{20}"));
        assertTrue(eq("y = 2x + 3", "2x+3"));
        assertTrue(eq("-7+2x", "2x - 7"));
        assertTrue(eq("\\frac{1}{\\tan x}", "\\cot x"));
        assertFalse(eq("\\tan x", "\\cot x"));
        assertFalse(eq("|x|", "x"));
        assertTrue(eq("6 - 5i", "-5i+6"));
    }

    @Test
    void planesAreEqualUpToAFactor() {
        assertTrue(eq("10x - 14y + 22z + 8 = 0", "5x - 7y + 11z + 4 = 0"));
        assertFalse(eq("x + y - z + 2 = 0", "5x - 7y + 11z + 4 = 0"));
    }

    @Test
    void percentPolicyIsExplicit() {
        assertTrue(eq("10", "10\\%"));
        assertFalse(eq("0.1", "10\\%"));
        ValueEquivalence fraction =
                new ValueEquivalence(
                        ValueGraderConfig.defaults().withPercent(PercentPolicy.FRACTION));
        assertTrue(fraction.compare("0.1", "10\\%").correct());
        assertFalse(fraction.compare("10", "10\\%").correct());
        ValueEquivalence scaled =
                new ValueEquivalence(
                        ValueGraderConfig.defaults().withPercent(PercentPolicy.SCALED));
        assertTrue(scaled.compare("0.1", "10\\%").correct());
        assertTrue(scaled.compare("10", "10\\%").correct());
    }

    @Test
    void unparsableGoldIsReportedNotScoredZero() {
        Grade g = value.compare("5", "\\weird{5}");
        assertEquals(GradeStatus.GOLD_UNPARSABLE, g.status());
        assertNull(g.verdict());
        assertTrue(g.reason().contains("\\weird"), g.reason());
    }

    @Test
    void unparsablePredictionIsIncorrect() {
        Grade g = value.compare("\\weird{5}", "5");
        assertEquals(GradeStatus.INCORRECT, g.status());
        assertTrue(g.reason().startsWith("prediction unparsable"), g.reason());
    }

    @Test
    void hugePowerHitsNoBlowUpAndLongAnswersAreCapped() {
        // 2^(10^9) would need 125 MB exactly; the evaluator falls back to a double (Infinity).
        assertFalse(eq("2^{1000000000}", "2"));
        String longAnswer = "1+".repeat(600) + "1";
        Grade g = value.compare(longAnswer, "601");
        assertEquals(GradeStatus.INCORRECT, g.status());
        assertTrue(g.reason().contains("cap"), g.reason());
    }

    @Test
    void timeCapTurnsIntoTimeout() {
        // 150 exact factorials of 2000 (5,700 digits each) take far longer than a 1 ms cap.
        String slow = String.join("+", java.util.Collections.nCopies(150, "2000!"));
        ValueEquivalence tight =
                new ValueEquivalence(ValueGraderConfig.defaults().withTimeCapMillis(1));
        Grade g = tight.compare(slow, slow + "+1");
        assertEquals(GradeStatus.TIMEOUT, g.status(), g.toString());
        assertEquals(Boolean.FALSE, g.verdict());
    }

    @Test
    void noAnswerInResponseScoresZero() {
        Grade g = value.grade("", "5");
        assertEquals(GradeStatus.NO_ANSWER, g.status());
        assertEquals(Boolean.FALSE, g.verdict());
    }

    @Test
    void gradeReadsBoxedResponseAndGsm8kGold() {
        assertTrue(
                value.grade("... so the total is \\boxed{1,\\!000}.", "work\n#### 1,000")
                        .correct());
        assertTrue(value.grade("The final answer is $\\frac{1}{2}$.", "\\boxed{0.5}").correct());
    }
}
