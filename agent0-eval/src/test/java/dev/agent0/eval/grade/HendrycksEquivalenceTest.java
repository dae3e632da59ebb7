package dev.agent0.eval.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The published unit tests of hendrycks/math ({@code modeling/test_equivalence.py}, MIT), one
 * assertion each, plus the normalisation rules GRADING.md lists.
 */
class HendrycksEquivalenceTest {
    @Test
    void publishedFractions() {
        assertFalse(
                HendrycksEquivalence.isEquiv(
                        "\\tfrac{1}{2} + \\frac1{72}", "\\\\frac{1}{2} + 2/3"));
    }

    @Test
    void publishedOrder() {
        assertFalse(HendrycksEquivalence.isEquiv("10, 4, -2", "4, 10, -2"));
        assertFalse(HendrycksEquivalence.isEquiv("10, 4, 2", "4, 12, 2"));
    }

    @Test
    void publishedDfrac() {
        assertTrue(
                HendrycksEquivalence.isEquiv(
                        "\\tfrac{1}{2} +\\! \\frac1{72}", "\\\\dfrac{1}{2} +\\frac{1}{72}"));
    }

    @Test
    void publishedUnits() {
        assertTrue(HendrycksEquivalence.isEquiv("10\\text{ units}", "10 "));
        assertFalse(HendrycksEquivalence.isEquiv("10\\text{ units}", "100 "));
    }

    @Test
    void publishedDollars() {
        assertTrue(HendrycksEquivalence.isEquiv("10", "\\$10"));
    }

    @Test
    void publishedDecimals() {
        assertFalse(HendrycksEquivalence.isEquiv("0.1, 4, 2", "4, .1, 2"));
        assertTrue(HendrycksEquivalence.isEquiv("0.1", ".1"));
    }

    @Test
    void publishedPercentage() {
        assertTrue(HendrycksEquivalence.isEquiv("10\\%", "10"));
    }

    @Test
    void publishedSqrt() {
        assertTrue(HendrycksEquivalence.isEquiv("10\\sqrt{3} + \\sqrt4", "10\\sqrt3 + \\sqrt{4}"));
    }

    @Test
    void publishedFracWithoutBraces() {
        assertTrue(HendrycksEquivalence.isEquiv("\\frac34i", "\\frac{3}{4}i"));
        assertTrue(HendrycksEquivalence.isEquiv("\\tfrac83", "\\frac{8}{3}"));
    }

    @Test
    void publishedExpression() {
        assertFalse(HendrycksEquivalence.isEquiv("5x - 7y + 11z + 4 = 0", "x + y - z + 2 = 0"));
    }

    @Test
    void publishedHalf() {
        assertTrue(HendrycksEquivalence.isEquiv("1/2", "\\frac{1}{2}"));
        assertTrue(HendrycksEquivalence.isEquiv("0.5", "\\frac{1}{2}"));
    }

    @Test
    void stringGraderKeepsItsKnownBlindSpots() {
        // GRADING.md: 3.0 != 3 and 10,\!080 != 10080 under is_equiv.
        assertFalse(HendrycksEquivalence.isEquiv("3.0", "3"));
        assertTrue(HendrycksEquivalence.isEquiv("10,\\!080", "10,080"));
        assertFalse(HendrycksEquivalence.isEquiv("10,\\!080", "10080"));
    }

    @Test
    void shortEquationPrefixIsDroppedAndDegreesRemoved() {
        assertTrue(HendrycksEquivalence.isEquiv("x = 5", "5"));
        assertTrue(HendrycksEquivalence.isEquiv("90^\\circ", "90"));
        assertTrue(
                HendrycksEquivalence.isEquiv(
                        "\\left( 3, \\frac{\\pi}{2} \\right)", "(3,\\frac{\\pi}{2})"));
    }

    @Test
    void pythonErrorsFallBackToRawComparison() {
        // Two "\text{ " pieces: the assert in _remove_right_units fails, raw strings compared.
        String twoUnits = "1\\text{ m}2\\text{ m}";
        assertTrue(HendrycksEquivalence.isEquiv(twoUnits, twoUnits));
        assertFalse(HendrycksEquivalence.isEquiv(twoUnits, "1\\text{ m}2\\text{ cm}"));
        assertEquals("\\frac{1}{2}", HendrycksEquivalence.stripString("\\dfrac12"));
    }

    @Test
    void graderExtractsTheBoxedAnswer() {
        Grade g = new HendrycksEquivalence().grade("so \\boxed{\\dfrac{1}{2}}.", "\\frac12");
        assertEquals(GradeStatus.CORRECT, g.status());
        assertEquals("\\dfrac{1}{2}", g.extracted());
    }
}
