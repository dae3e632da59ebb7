package dev.agent0.eval.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Extraction order: last balanced box, \boxed 5, anchors, bare answer, last number. */
class AnswerExtractorTest {
    @Test
    void lastBalancedBoxWins() {
        assertEquals(
                Optional.of("\\frac{1}{2}"),
                AnswerExtractor.extract("first \\boxed{3} then \\boxed{\\frac{1}{2}} done"));
        assertEquals(Optional.of("a{b}c"), AnswerExtractor.extract("\\fbox{a{b}c}"));
    }

    @Test
    void boxedWithoutBracesRunsToTheDollar() {
        assertEquals(Optional.of("5"), AnswerExtractor.extract("so $\\boxed 5$."));
    }

    @Test
    void unbalancedBoxGivesNoBoxedAnswer() {
        assertTrue(AnswerExtractor.lastBoxed("\\boxed{\\frac{1}{2}").isEmpty());
    }

    @Test
    void anchorsThenLastNumber() {
        assertEquals(
                Optional.of("42"),
                AnswerExtractor.extract("Work...\nThe final answer is 42.\nThanks"));
        assertEquals(
                Optional.of("\\frac{1}{3}"),
                AnswerExtractor.extract("Reasoning 12\nAnswer: $\\frac{1}{3}$"));
        assertEquals(Optional.of("18"), AnswerExtractor.extract("9 * 2 = 18\n#### 18"));
        assertEquals(
                Optional.of("1250"),
                AnswerExtractor.extract("We add 3 and 4.\nThen we get 1,250 eggs in total.\n"));
    }

    @Test
    void shortLineIsABareAnswerAndBlankIsNone() {
        assertEquals(Optional.of("\\frac{1}{2}"), AnswerExtractor.extract("\\frac{1}{2}"));
        assertTrue(AnswerExtractor.extract("  ").isEmpty());
    }

    @Test
    void goldsFromEveryFormat() {
        assertEquals("2125", AnswerExtractor.gold("text\n#### 2,125"));
        assertEquals("\\frac{1}{2}", AnswerExtractor.gold("so $\\boxed{\\frac{1}{2}}$."));
        assertEquals("x=5", AnswerExtractor.gold(" x=5 "));
    }
}
