package dev.agent0.eval.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** lm-eval GSM8K strict-match and flexible-extract on hand-made responses. */
class Gsm8kMatchTest {
    private final Gsm8kMatch strict = new Gsm8kMatch(Gsm8kMatch.Mode.STRICT);
    private final Gsm8kMatch flexible = new Gsm8kMatch(Gsm8kMatch.Mode.FLEXIBLE);
    private static final String GOLD = "She has 16 - 3 - 4 = 9 eggs.\n#### 18";

    @Test
    void strictTakesTheFirstHashMatch() {
        assertEquals(GradeStatus.CORRECT, strict.grade("9 * 2 = 18\n#### 18", GOLD).status());
        assertEquals(GradeStatus.INCORRECT, strict.grade("#### 17\n#### 18", GOLD).status());
        assertEquals("17", strict.filter("#### 17\n#### 18"));
    }

    @Test
    void strictWithoutHashesIsInvalid() {
        Grade g = strict.grade("The answer is 18.", GOLD);
        assertEquals(GradeStatus.NO_ANSWER, g.status());
        assertEquals("[invalid]", g.extracted());
    }

    @Test
    void flexibleTakesTheLastNumber() {
        assertEquals(GradeStatus.CORRECT, flexible.grade("16-3-4=9, 9*2 = $18.", GOLD).status());
        assertEquals("$18.", flexible.filter("16-3-4=9, 9*2 = $18."));
        assertEquals(GradeStatus.INCORRECT, flexible.grade("18 dollars, or 19", GOLD).status());
    }

    @Test
    void stringsAreComparedSoTrailingZerosDiffer() {
        // GRADING.md: 18.00 != 18 for both lm-eval filters; commas and $ are ignored.
        assertEquals(GradeStatus.INCORRECT, flexible.grade("It costs 18.00", GOLD).status());
        assertEquals(GradeStatus.CORRECT, strict.grade("#### 1,800", "#### 1800").status());
        assertEquals(GradeStatus.CORRECT, flexible.grade("so $2,125", "#### 2,125").status());
    }

    @Test
    void negativeAndSingleDigitAnswers() {
        assertEquals(GradeStatus.CORRECT, flexible.grade("the change is -3", "#### -3").status());
        assertEquals(GradeStatus.CORRECT, flexible.grade("x is 7", "#### 7").status());
    }

    @Test
    void latexGoldIsNotApplicable() {
        Grade g = strict.grade("#### 5", "\\frac{1}{2}");
        assertEquals(GradeStatus.NOT_APPLICABLE, g.status());
        assertNull(g.verdict());
    }
}
