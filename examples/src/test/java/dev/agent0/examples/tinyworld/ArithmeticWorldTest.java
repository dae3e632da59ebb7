package dev.agent0.examples.tinyworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArithmeticWorldTest {
    @Test
    void parsesBothWorldsAndNamesThemWhenTheIdIsUnknown() {
        assertEquals(ArithmeticWorld.TINY, ArithmeticWorld.parse("tiny"));
        assertEquals(ArithmeticWorld.FRONTIER, ArithmeticWorld.parse(" Frontier "));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ArithmeticWorld.parse("huge"));
        assertTrue(e.getMessage().contains("tiny, frontier"), e.getMessage());
    }

    @Test
    void theFrontierWorldAsksTheFirstWorldsProblemsAndTheFrontierOnTop() {
        HeldOutSet tiny = ArithmeticWorld.TINY.heldOut(40);
        HeldOutSet frontier = ArithmeticWorld.FRONTIER.heldOut(40);
        assertEquals(tiny.all(), HeldOutSet.standard().all());
        assertEquals(360, frontier.size());
        for (DifficultyLevel l : DifficultyLevel.IN_DISTRIBUTION) {
            assertEquals(tiny.problems(l), frontier.problems(l));
        }
        assertEquals(
                List.of(DifficultyLevel.F1, DifficultyLevel.F2, DifficultyLevel.F3),
                frontier.levels().subList(6, 9));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> tiny.problems(DifficultyLevel.F1));
        assertTrue(e.getMessage().contains("F1"), e.getMessage());
    }

    @Test
    void frontierBudgetsFitTheLongestTranscripts() {
        // An F3 tool transcript: call (1 + 29 + 1), observation (1 + 17 + 1), answer (1 + 17 + 2).
        assertTrue(ArithmeticWorld.FRONTIER.evaluationRollout().responseBudget() >= 70);
        assertEquals(64, ArithmeticWorld.TINY.evaluationRollout().responseBudget());
        assertEquals(0.0, ArithmeticWorld.TINY.pretrainConfig().mix().frontierQuestionShare());
        assertEquals(0.05, ArithmeticWorld.FRONTIER.pretrainConfig().mix().frontierQuestionShare());
    }

    @Test
    void pooledScoresWeightEveryRateByItsProblems() {
        ModeScore a = new ModeScore(2, 1.0, 0.5, 0.0, 10);
        ModeScore b = new ModeScore(6, 0.5, 1.0, 0.5, 20);
        ModeScore p = ModeScore.pooled(List.of(a, b));
        assertEquals(8, p.problems());
        assertEquals((2 * 1.0 + 6 * 0.5) / 8, p.pass1(), 1e-15);
        assertEquals((2 * 0.5 + 6 * 1.0) / 8, p.toolRate(), 1e-15);
        assertEquals(3 / 8.0, p.noAnswerRate(), 1e-15);
        assertEquals(17.5, p.responseTokensMean(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ModeScore.pooled(List.of()));
    }

    @Test
    void frontierScoresReportTheTwoGroupsAndTinyScoresDoNot() {
        java.util.Map<DifficultyLevel, ModeScore> levels =
                new java.util.EnumMap<>(DifficultyLevel.class);
        for (DifficultyLevel l : DifficultyLevel.values()) {
            levels.put(l, new ModeScore(4, l.frontier() ? 0.25 : 1.0, 1.0, 0.0, 30));
        }
        HeldOutScore s = new HeldOutScore(new ModeScore(36, 0.75, 1, 0, 30), levels);
        assertEquals(0.25, s.toJson().at("/frontier/pass1").asDouble(), 1e-15);
        assertEquals(1.0, s.toJson().at("/inDistribution/pass1").asDouble(), 1e-15);
        assertEquals(12, s.toJson().at("/frontier/problems").asInt());
        levels.keySet().removeAll(DifficultyLevel.FRONTIER);
        HeldOutScore tiny = new HeldOutScore(new ModeScore(24, 1, 1, 0, 30), levels);
        assertTrue(tiny.toJson().path("frontier").isMissingNode());
        assertTrue(tiny.toJson().path("inDistribution").isMissingNode());
    }

    @Test
    void frontierLevelsAreLongerAndTheirValuesFitALong() {
        ProblemGenerator g = new ProblemGenerator(3);
        int longest = 0;
        for (int i = 0; i < 3000; i++) {
            ArithmeticProblem p = g.next(DifficultyLevel.F3);
            p.value(); // throws on overflow; the generator redraws those
            longest = Math.max(longest, p.expression().length());
        }
        assertEquals(29, longest);
        for (DifficultyLevel f : DifficultyLevel.FRONTIER) {
            assertTrue(f.frontier());
            assertTrue(f.operations() > DifficultyLevel.L6.operations(), f.name());
        }
        DifficultyLevel.IN_DISTRIBUTION.forEach(l -> assertTrue(!l.frontier(), l.name()));
    }
}
