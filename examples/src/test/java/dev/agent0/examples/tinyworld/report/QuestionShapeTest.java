package dev.agent0.examples.tinyworld.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent0.examples.tinyworld.DifficultyLevel;
import dev.agent0.examples.tinyworld.ProblemGenerator;
import org.junit.jupiter.api.Test;

class QuestionShapeTest {

    @Test
    void shapeCountsOperationsDigitsAndTemplate() {
        assertEquals(new QuestionShape(2, 2, "+*"), QuestionShape.parse("37+58*2").orElseThrow());
        assertEquals(
                new QuestionShape(3, 4, "-*+"),
                QuestionShape.parse("4821-7730*2291+5512").orElseThrow());
        assertEquals(new QuestionShape(0, 1, ""), QuestionShape.parse("5").orElseThrow());
    }

    @Test
    void invalidQuestionsHaveNoShape() {
        for (String q : new String[] {"3+x", "", "1+", "(1+2)", "1 + 2"}) {
            assertTrue(QuestionShape.parse(q).isEmpty(), q);
        }
        assertTrue(QuestionShape.parse(null).isEmpty());
    }

    @Test
    void estimatedLevelIsTheHardestLevelReached() {
        assertEquals(
                3,
                QuestionShape.parse("37+58*2")
                        .orElseThrow()
                        .estimatedLevel()); // (2 digits, 2 ops) = L3
        assertEquals(
                2,
                QuestionShape.parse("4821-7").orElseThrow().estimatedLevel()); // 4 digits but 1 op
        assertEquals(
                1,
                QuestionShape.parse("1+2+3+4").orElseThrow().estimatedLevel()); // 1 digit, any ops
        assertEquals(7, QuestionShape.parse("12345+1-2*3-4").orElseThrow().estimatedLevel()); // F1
        assertEquals(6, QuestionShape.parse("12345+1-2*3").orElseThrow().estimatedLevel());
        assertEquals(0, QuestionShape.parse("42").orElseThrow().estimatedLevel());
    }

    @Test
    void beyondTrainingMeansMoreOperationsOrLongerOperandsThanL6() {
        assertTrue(QuestionShape.parse("1+2+3+4+5").orElseThrow().beyondTraining()); // 4 ops
        assertTrue(QuestionShape.parse("12345+1").orElseThrow().beyondTraining()); // 5 digits
        assertFalse(QuestionShape.parse("1234*5678-9012+3456").orElseThrow().beyondTraining());
        assertFalse(QuestionShape.parse("7").orElseThrow().beyondTraining());
    }

    @Test
    void generatedProblemsAreEstimatedAtTheirOwnLevel() {
        ProblemGenerator g = new ProblemGenerator(9);
        for (DifficultyLevel level : DifficultyLevel.values()) {
            for (int i = 0; i < 20; i++) {
                String q = g.next(level).expression();
                assertEquals(
                        level.number(), QuestionShape.parse(q).orElseThrow().estimatedLevel(), q);
            }
        }
    }
}
