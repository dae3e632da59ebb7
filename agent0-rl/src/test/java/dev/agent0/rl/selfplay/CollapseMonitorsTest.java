package dev.agent0.rl.selfplay;

import static dev.agent0.rl.selfplay.ToolConsistencyGuardTest.answering;
import static dev.agent0.rl.selfplay.ToolConsistencyGuardTest.printed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agent0.eval.consistency.PHat;
import dev.agent0.eval.grade.ValueEquivalence;
import dev.agent0.sandbox.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollapseMonitorsTest {
    private static final ToolConsistencyGuard GUARD_OFF =
            new ToolConsistencyGuard(false, new ValueEquivalence());

    @Test
    void curationMonitorsByHand() {
        List<CuratedProblem> judged =
                List.of(
                        new CuratedProblem(
                                0,
                                null,
                                null,
                                null,
                                new PHat(0),
                                0,
                                0,
                                CurationVerdict.EMPTY_QUESTION),
                        new CuratedProblem(
                                1, "a", null, "5", new PHat(0.5), 4, 2, CurationVerdict.KEPT),
                        new CuratedProblem(
                                2, "b", null, "9", new PHat(1.0), 4, 1, CurationVerdict.TOO_EASY),
                        new CuratedProblem(
                                3,
                                "c",
                                null,
                                null,
                                new PHat(0),
                                4,
                                0,
                                CurationVerdict.NO_MAJORITY));
        var five = printed("5", Status.OK);
        CollapseMonitors m =
                CollapseMonitors.ofCuration(
                        judged,
                        List.of(
                                answering("5", five),
                                answering("6", five),
                                answering(null, five),
                                answering("3"),
                                answering(null)),
                        GUARD_OFF);
        assertEquals(4, m.problems());
        assertEquals(1, m.kept());
        assertEquals(0.25, m.keptFraction(), 0.0);
        assertEquals(
                (2 + 1 + 0) / 3.0,
                m.distinctAnswersMean(),
                1e-12); // the empty question was not voted
        assertEquals(2, m.toolChecked()); // answered and the tool printed a value
        assertEquals(
                0.5,
                m.boxedNeToolRate(),
                0.0); // "6" against a printed 5, measured with the guard off
        assertEquals(0.4, m.noAnswerRate(), 1e-12); // 2 of 5
        assertEquals(0.6, m.toolCallRate(), 1e-12); // 3 of 5 called the tool
        assertEquals(0, m.executorSteps());
    }

    @Test
    void lossSpikesCountLargeMagnitudesAndNaN() {
        CollapseMonitors m =
                CollapseMonitors.ofCuration(List.of(), List.of(), GUARD_OFF)
                        .withLosses(List.of(0.5, -12.0, Double.NaN, 3.0, 10.0), 10);
        assertEquals(5, m.executorSteps());
        assertEquals(2, m.lossSpikes()); // |−12| > 10 and NaN; exactly 10 is not a spike
        assertEquals(0, m.keptFraction(), 0.0);
    }
}
