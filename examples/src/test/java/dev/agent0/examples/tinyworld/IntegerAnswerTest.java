package dev.agent0.examples.tinyworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent0.eval.grade.ValueEquivalence;
import org.junit.jupiter.api.Test;

class IntegerAnswerTest {

    @Test
    void signsSpacesAndLeadingZerosCompareByValue() {
        assertTrue(IntegerAnswer.correct("-0", 0)); // value equivalence: -0 = 0
        assertTrue(IntegerAnswer.correct("+7", 7));
        assertTrue(IntegerAnswer.correct("007", 7));
        assertTrue(IntegerAnswer.correct(" - 12 ", -12));
        assertTrue(IntegerAnswer.correct("153", 153));
        assertFalse(IntegerAnswer.correct("152", 153));
        assertFalse(IntegerAnswer.correct("-153", 153));
    }

    @Test
    void anUnevaluatedExpressionIsWrongThoughValueEquivalenceAcceptsIt() {
        // The departure from plain value equivalence: copying the question into the box is no
        // answer.
        assertTrue(new ValueEquivalence().compare("3+4", "7").correct());
        assertFalse(IntegerAnswer.correct("3+4", 7));
        assertFalse(IntegerAnswer.correct("7.0", 7));
        assertFalse(IntegerAnswer.correct("14/2", 7));
    }

    @Test
    void noAnswerIsWrong() {
        assertFalse(IntegerAnswer.correct(null, 0));
        assertFalse(IntegerAnswer.correct("", 0));
        assertFalse(IntegerAnswer.correct("  ", 0));
        assertFalse(IntegerAnswer.isInteger(null));
    }

    @Test
    void onIntegerLiteralsItAgreesWithPlainIntegerEquality() {
        // Two paths, one answer: the value grader and Long.parseLong over a grid of literals.
        String[] literals = {
            "0", "-0", "1", "-1", "10", "010", "-4210", "99999999", "-17704909", "+3"
        };
        long[] values = {0, 1, -1, 10, -4210, 99_999_999, -17_704_909, 3};
        for (String a : literals) {
            for (long v : values) {
                assertEquals(Long.parseLong(a) == v, IntegerAnswer.correct(a, v), a + " vs " + v);
            }
        }
    }
}
