package dev.agent0.rl.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent0.eval.consistency.PHat;
import dev.agent0.rl.reward.CurriculumReward.Problem;
import dev.agent0.rl.reward.CurriculumReward.Terms;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurriculumRewardTest {
    // A and B are the same question (BLEU 1, distance 0): one cluster of 2 -> R_rep = 2/4.
    // C and D share no word with anything: clusters of 1 -> R_rep = 1/4.
    private static final List<Problem> BATCH =
            List.of(
                    new Problem("alpha beta gamma delta", "1", new PHat(0.5), 2),
                    new Problem("alpha beta gamma delta", "2", new PHat(0.9), 6),
                    new Problem("one two three four five", null, new PHat(0.5), 1),
                    new Problem("x y z w", "3", new PHat(1.0), 0));

    @Test
    void compositeMatchesHandComputedTerms() {
        List<Terms> t = new CurriculumReward(CurriculumRewardConfig.defaults()).score(BATCH);
        // A: R_unc = 1, R_tool = .25*2 = .5, total = 1*1 + .6*.5 - .5 = .8
        assertTerms(t.get(0), 1, 1.0, 0.5, 0.5, 0.8);
        // B: R_unc = 1 - 2*.4 = .2, R_tool = .25*min(6,4) = 1, total = .2 + .6 - .5 = .3
        assertTerms(t.get(1), 1, 0.2, 1.0, 0.5, 0.3);
        // C: no boxed answer -> the gate zeroes everything.
        assertTerms(t.get(2), 0, 1.0, 0.25, 0.25, 0.0);
        // D: R_unc = 0, R_tool = 0, R_rep = .25 -> max(0, -.25) = 0.
        assertTerms(t.get(3), 1, 0.0, 0.0, 0.25, 0.0);
    }

    @Test
    void ablationsDropTheirTerm() {
        var noTool = new CurriculumReward(CurriculumRewardConfig.defaults().withToolReward(false));
        assertEquals(1.0 - 0.5, noTool.score(BATCH).get(0).total(), 1e-12);
        var noRep =
                new CurriculumReward(
                        CurriculumRewardConfig.defaults().withRepetitionPenalty(false));
        assertEquals(1.0 + 0.3, noRep.score(BATCH).get(0).total(), 1e-12);
        assertEquals(0.0, noRep.score(BATCH).get(0).repetition(), 0.0);
    }

    @Test
    void uncertaintyPeaksAtHalf() {
        assertEquals(0.0, UncertaintyReward.of(new PHat(0.0)), 0.0);
        assertEquals(0.6, UncertaintyReward.of(new PHat(0.3)), 1e-12);
        assertEquals(1.0, UncertaintyReward.of(new PHat(0.5)), 0.0);
        assertEquals(0.0, UncertaintyReward.of(new PHat(1.0)), 0.0);
        assertThrows(IllegalArgumentException.class, () -> UncertaintyReward.of(new PHat(1.2)));
    }

    @Test
    void formatGateNeedsQuestionAndAnswer() {
        assertEquals(1.0, FormatGate.score("q", "5"), 0.0);
        assertEquals(0.0, FormatGate.score("  ", "5"), 0.0);
        assertEquals(0.0, FormatGate.score(null, "5"), 0.0);
        assertEquals(0.0, FormatGate.score("q", null), 0.0);
        // a curriculum format without an answer (the tiny world) passes when the answer is not
        // required
        assertEquals(1.0, FormatGate.score("q", null, false), 0.0);
        assertEquals(0.0, FormatGate.score(" ", null, false), 0.0);
        assertEquals(0.0, FormatGate.score("q", null, true), 0.0);
    }

    @Test
    void badConfigNamesTheField() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new CurriculumRewardConfig(1, -0.1, 0.25, 4, 1, 0.5, true, true));
        assertTrue(e.getMessage().startsWith("lambdaTool"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new CurriculumRewardConfig(1, 0.6, 0.25, 4, 1, 0, true, true));
        assertTrue(e.getMessage().startsWith("tau"), e.getMessage());
    }

    private static void assertTerms(
            Terms t, double format, double unc, double tool, double rep, double total) {
        assertEquals(format, t.format(), 1e-12, "format");
        assertEquals(unc, t.uncertainty(), 1e-12, "uncertainty");
        assertEquals(tool, t.tool(), 1e-12, "tool");
        assertEquals(rep, t.repetition(), 1e-12, "repetition");
        assertEquals(total, t.total(), 1e-12, "total");
    }
}
