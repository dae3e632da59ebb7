package dev.agent0.examples.tinyworld;

import static dev.agent0.examples.tinyworld.EvalFixture.answered;
import static dev.agent0.examples.tinyworld.EvalFixture.trajectory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.agent.RolloutEnd;
import dev.agent0.core.agent.Trajectory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldOutScoreTest {

    @Test
    void modeScoreCountsCorrectToolAndEmptyAnswersByHand() {
        List<ArithmeticProblem> problems =
                List.of(
                        new ArithmeticProblem("3-3", null),
                        new ArithmeticProblem("2+2", null),
                        new ArithmeticProblem("9*9", null),
                        new ArithmeticProblem("1+1", null));
        List<Trajectory> ts =
                List.of(
                        trajectory(
                                "-0", "", 10, 1, 0, RolloutEnd.END_OF_TURN), // right (-0 = 0), tool
                        trajectory("5", "", 6, 0, 0, RolloutEnd.END_OF_TURN), // wrong, no tool
                        trajectory(
                                null,
                                "",
                                4,
                                0,
                                1,
                                RolloutEnd.BUDGET), // no answer; empty call ran nothing
                        trajectory("2", "", 12, 2, 0, RolloutEnd.END_OF_TURN)); // right, tool
        ModeScore s = ModeScore.of(problems, ts);
        assertEquals(4, s.problems());
        assertEquals(2 / 4.0, s.pass1());
        assertEquals(2 / 4.0, s.toolRate());
        assertEquals(1 / 4.0, s.noAnswerRate());
        assertEquals((10 + 6 + 4 + 12) / 4.0, s.responseTokensMean());
    }

    @Test
    void levelsAreScoredOnTheirOwnProblems() {
        // Right answers on L3 only: L3 scores 1, every other level 0, overall 1/6.
        HeldOutSet set = new HeldOutSet(3, 2);
        List<Trajectory> ts = new ArrayList<>();
        for (ArithmeticProblem p : set.all()) {
            long v = p.value();
            ts.add(answered(Long.toString(p.level() == DifficultyLevel.L3 ? v : v + 1)));
        }
        HeldOutScore score = HeldOutScore.of(set, ts);
        assertEquals(1 / 6.0, score.overall().pass1(), 1e-12);
        for (DifficultyLevel l : DifficultyLevel.IN_DISTRIBUTION) {
            assertEquals(
                    l == DifficultyLevel.L3 ? 1.0 : 0.0, score.levels().get(l).pass1(), l.name());
            assertEquals(2, score.levels().get(l).problems());
        }
        ObjectNode json = score.toJson();
        assertEquals(1 / 6.0, json.get("pass1").asDouble(), 1e-12);
        assertEquals(1.0, json.at("/levels/L3/pass1").asDouble());
        assertEquals(0.0, json.at("/levels/L6/toolRate").asDouble());
        assertEquals(6, json.get("levels").size());
    }

    @Test
    void mismatchedListsAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> ModeScore.of(List.of(new ArithmeticProblem("1+1", null)), List.of()));
    }
}
