package dev.agent0.eval.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Part 2 of the agreement with Math-Verify: sets, tuples, several boxes, {@code \pm}, relations as
 * intervals, times and ratios, function names. Verdicts derived by hand from Math-Verify's {@code
 * grader.py} / {@code parser.py} and latex2sympy2_extended's {@code math_normalization.py} and
 * grammar ({@code PS.g4}); the cases are our own.
 */
class MathVerifyStructuresTest {
    private final ValueEquivalence value = new ValueEquivalence();

    private boolean eq(String pred, String gold) {
        return value.compare(pred, gold).correct();
    }

    private boolean graded(String response, String gold) {
        return value.grade(response, gold).correct();
    }

    // 1. ; and "and"/"or" separate items; a set gold ignores order, a tuple gold keeps it.
    @Test
    void semicolonAndWordSeparatedItemsFormASet() {
        assertTrue(eq("3 and 7", "\\{3,7\\}"));
        assertTrue(eq("7 and 3", "\\{3,7\\}"));
        assertTrue(eq("7; 3", "\\{3,7\\}"));
        assertTrue(eq("-4 or 5", "\\{5, -4\\}"));
        assertTrue(eq("-4, or 5", "5, -4"));
        assertTrue(eq("1, 2, and 6", "\\{6,2,1\\}"));
        assertTrue(eq("\\{7; 3\\}", "\\{3, 7\\}"));
        assertTrue(eq("x = 3 \\text{ or } x = 7", "\\{7,3\\}"));
        assertFalse(eq("3 and 8", "\\{3,7\\}"));
        assertFalse(eq("3; 7; 9", "\\{3,7\\}"));
    }

    @Test
    void aTupleGoldStaysOrderedWhateverTheSeparator() {
        assertTrue(eq("3; 7", "(3,7)"));
        assertTrue(eq("(3; 7)", "(3,7)"));
        assertTrue(eq("3 and 7", "(3,7)"));
        assertFalse(eq("7 and 3", "(3,7)"));
        assertFalse(eq("(7; 3)", "(3,7)"));
    }

    // 2. Boxes that only separators part are one answer; named assignments against a tuple.
    @Test
    void adjacentBoxesAreOneList() {
        assertEquals(
                Optional.of("4, 9"),
                AnswerExtractor.extractValue("So $\\boxed{4}, \\boxed{9}$ are the roots."));
        assertEquals(
                Optional.of("-1, 2"),
                AnswerExtractor.extractValue("x is \\boxed{-1} and \\boxed{2}."));
        assertEquals(
                Optional.of("5"),
                AnswerExtractor.extractValue("First \\boxed{3}, then we add two: \\boxed{5}"));
        // A repeated box counts once.
        assertEquals(Optional.of("5"), AnswerExtractor.extractValue("\\boxed{5} \\boxed{5}"));
        assertTrue(graded("The roots are \\boxed{9} or \\boxed{4}.", "4, 9"));
        assertTrue(graded("$\\boxed{4}$; $\\boxed{9}$", "\\{4, 9\\}"));
        assertTrue(graded("\\boxed{4}, \\boxed{9}", "(4, 9)"));
        assertFalse(graded("\\boxed{9}, \\boxed{4}", "(4, 9)"));
        // The Hendrycks extraction still takes only the last box.
        assertEquals(Optional.of("9"), AnswerExtractor.extract("\\boxed{4}, \\boxed{9}"));
    }

    @Test
    void namedAssignmentsMatchATuple() {
        assertTrue(eq("x=4, y=-2", "(4,-2)"));
        assertTrue(eq("a = 4 \\text{ and } b = -2", "(4,-2)"));
        assertTrue(graded("\\boxed{m=4}, \\boxed{n=-2}", "(4,-2)"));
        assertFalse(eq("x=-2, y=4", "(4,-2)"));
    }

    // 3. \pm a is the set {a, −a}; inside an expression it makes two values too.
    @Test
    void plusMinusIsTwoValues() {
        assertTrue(eq("\\pm 2021", "\\{-2021, 2021\\}"));
        assertTrue(eq("x = \\pm 2021", "2021, -2021"));
        assertTrue(eq("\\{\\pm 6\\}", "-6, 6"));
        assertTrue(
                eq(
                        "\\frac{1 \\pm \\sqrt{5}}{2}",
                        "\\frac{1+\\sqrt{5}}{2}, \\frac{1-\\sqrt{5}}{2}"));
        assertTrue(eq("2 \\mp \\sqrt{3}", "\\{2+\\sqrt{3}, 2-\\sqrt{3}\\}"));
        assertFalse(eq("\\pm 2021", "2021"));
        assertFalse(eq("\\pm 2021", "\\{-2020, 2021\\}"));
    }

    // 4. An inequality in one variable is the interval it describes.
    @Test
    void oneSidedRelationsAreRays() {
        assertTrue(eq("k \\ge 2", "[2, \\infty)"));
        assertTrue(eq("k \\geq 2", "[2,\\infty)"));
        assertTrue(eq("[2, \\infty)", "n \\geqslant 2"));
        assertTrue(eq("x \\le 3", "(-\\infty, 3]"));
        assertTrue(eq("3 \\ge x", "(-\\infty, 3]"));
        assertTrue(eq("t > \\frac{1}{2}", "(0.5, \\infty)"));
        assertTrue(eq("x < -1", "(-\\infty,-1)"));
        assertTrue(eq("x \\in [2, \\infty)", "k \\ge 2"));
        assertFalse(eq("k > 2", "[2, \\infty)"));
        assertFalse(eq("k \\le 2", "[2, \\infty)"));
        assertFalse(eq("k \\ge 3", "[2, \\infty)"));
    }

    @Test
    void chainedRelationsAreIntervals() {
        assertTrue(eq("0<f(x)<1", "(0,1)"));
        assertTrue(eq("0 < y < 1", "(0,1)"));
        assertTrue(eq("1 > y > 0", "(0, 1)"));
        assertTrue(eq("-2 \\le x < 5", "[-2, 5)"));
        assertTrue(eq("\\frac{1}{3} \\leq a \\leq 2", "[1/3, 2]"));
        assertFalse(eq("0 \\le y < 1", "(0,1)"));
        assertFalse(eq("0 < y < 2", "(0,1)"));
        // Mixed directions and expressions on the variable side are not read as intervals.
        assertFalse(eq("0 < y > 1", "(0,1)"));
        assertFalse(eq("x + 1 > 2", "(1, \\infty)"));
    }

    @Test
    void raysJoinedByOrMatchAUnion() {
        // Not Math-Verify's (there the relations form a set that no union equals): our addition.
        assertTrue(eq("x < -1 \\text{ or } x > 2", "(-\\infty,-1) \\cup (2,\\infty)"));
        assertTrue(eq("(2,\\infty) \\cup (-\\infty,-1)", "x<-1 or x>2"));
        assertFalse(eq("x \\le -1 or x > 2", "(-\\infty,-1) \\cup (2,\\infty)"));
    }

    // 5. h:mm is a time of day; any other a:b is the ratio a/b; X:Y = a:b is its right side.
    @Test
    void timesAndRatios() {
        assertTrue(eq("12:00", "12:00"));
        assertTrue(eq("9:05", "09:05"));
        assertFalse(eq("9:05", "9:50"));
        assertTrue(eq("2:3", "4:6"));
        assertTrue(eq("3:5", "\\frac{3}{5}"));
        assertTrue(eq("A:B = 3:5", "3:5"));
        assertTrue(eq("3:5", "x : y = 6:10"));
        assertTrue(eq("AB:BC=2:1", "2"));
        assertFalse(eq("A:B = 5:3", "3:5"));
        assertFalse(eq("12:00", "12"));
    }

    // 6. f(y) vs f(x): Math-Verify's default (strict) keeps variable names, so only the named side
    //    of an assignment or relation is free.
    @Test
    void functionNamesOnTheNamedSideDoNotMatter() {
        assertTrue(eq("f(y) = y^2 + 1", "x^2 + 1") == eq("y^2 + 1", "x^2 + 1"));
        assertFalse(eq("f(y) = y^2 + 1", "x^2 + 1"));
        assertTrue(eq("f(x) = x^2 + 1", "g(x) = x^2 + 1"));
        assertTrue(eq("0 < g(t) < 1", "0 < f(x) < 1"));
        assertTrue(eq("f(x) \\ge 3", "[3, \\infty)"));
    }

    // Integer answers grade as before: separators and relations only apply where they occur.
    @Test
    void integerAnswersAreUnchanged() {
        assertTrue(eq("42", "42"));
        assertTrue(eq("42.0", "42"));
        assertFalse(eq("41", "42"));
        assertTrue(graded("Thus \\boxed{42}.", "42"));
        assertTrue(graded("The answer is 42", "42"));
        assertFalse(graded("\\boxed{41}", "42"));
        // Two paths, one answer: the value grader and integer equality over a grid of literals.
        String[] literals = {"0", "-0", "7", "-7", "10", "010", "-4210", "99999999"};
        for (String a : literals) {
            for (String b : literals) {
                assertEquals(Long.parseLong(a) == Long.parseLong(b), eq(a, b), a + " vs " + b);
            }
        }
    }
}
