package dev.agent0.eval.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfConsistencyTest {
    private final SelfConsistency sc = new SelfConsistency();

    @Test
    void equivalentFormsShareAGroup() {
        // {1/2, 0.5, \dfrac12, 3, 3.0}: groups {3 of ½, 2 of 3}, p̂ = 3/5.
        Vote v = sc.vote(List.of("\\frac{1}{2}", "0.5", "3", "\\dfrac12", "3.0"));
        assertEquals("\\frac{1}{2}", v.majorityAnswer());
        assertEquals(0.6, v.pHat().value(), 1e-12);
        assertEquals(List.of(3, 2), v.groupSizes());
        assertEquals(List.of(0, 0, 1, 0, 1), v.groupOfAnswer());
        assertTrue(v.agreesWithMajority(3));
        assertFalse(v.agreesWithMajority(2));
    }

    @Test
    void emptyAnswersCountInK() {
        // 2 of 4 agree, 2 empty: p̂ = 2/4 = 0.5, not 2/2.
        Vote v = sc.vote(Arrays.asList("7", "", null, "7"));
        assertEquals("7", v.majorityAnswer());
        assertEquals(0.5, v.pHat().value(), 1e-12);
        assertEquals(4, v.k());
        assertEquals(List.of(0, -1, -1, 0), v.groupOfAnswer());
    }

    @Test
    void tiesGoToTheFirstSeenGroup() {
        Vote v = sc.vote(List.of("2", "1", "1", "2"));
        assertEquals("2", v.majorityAnswer());
        assertEquals(0.5, v.pHat().value(), 1e-12);
        Vote w = sc.vote(List.of("1", "2", "2", "1"));
        assertEquals("1", w.majorityAnswer());
    }

    @Test
    void allEmptyHasNoMajority() {
        Vote v = sc.vote(Arrays.asList("", " ", null));
        assertNull(v.majorityAnswer());
        assertEquals(0.0, v.pHat().value());
        assertEquals(List.of(), v.groupSizes());
    }

    @Test
    void structuredAnswersGroupByValue() {
        Vote v = sc.vote(List.of("(1, 2)", "x = 4", "\\left(1,2\\right)", "4", "(2, 1)", "(1,2)"));
        assertEquals(List.of(3, 2, 1), v.groupSizes());
        assertEquals(0.5, v.pHat().value(), 1e-12);
    }

    @Test
    void votingIsDeterministic() {
        List<String> answers = List.of("x^2+2x+1", "(x+1)^2", "x^2+1", "(1+x)^2");
        assertEquals(sc.vote(answers), sc.vote(answers));
        assertEquals(List.of(3, 1), sc.vote(answers).groupSizes());
    }

    @Test
    void noAnswersIsACallerMistake() {
        assertThrows(IllegalArgumentException.class, () -> sc.vote(List.of()));
    }
}
