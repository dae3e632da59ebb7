package dev.agent0.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BoxedAnswerTest {

    @Test
    void takesTheLastBoxedWithNestedBraces() {
        assertEquals(
                Optional.of("\\frac{1}{2}"),
                BoxedAnswer.last("first \\boxed{3}, then \\boxed{\\frac{1}{2}} done"));
    }

    @Test
    void readsFboxAndBracelessForm() {
        assertEquals(Optional.of("7"), BoxedAnswer.last("so \\fbox{7}"));
        assertEquals(Optional.of("5"), BoxedAnswer.last("$\\boxed 5$"));
    }

    @Test
    void unbalancedLastBoxIsNoAnswer() {
        // A response cut off inside its last box has no final answer (Hendrycks' reading).
        assertTrue(BoxedAnswer.last("\\boxed{4} and \\boxed{5").isEmpty());
    }

    @Test
    void noBoxIsEmpty() {
        assertTrue(BoxedAnswer.last("the answer is 4").isEmpty());
        assertTrue(BoxedAnswer.last(null).isEmpty());
        assertTrue(BoxedAnswer.last("\\boxed").isEmpty());
    }
}
