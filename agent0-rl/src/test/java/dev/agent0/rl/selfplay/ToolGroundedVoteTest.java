package dev.agent0.rl.selfplay;

import static dev.agent0.rl.selfplay.ToolConsistencyGuardTest.answering;
import static dev.agent0.rl.selfplay.ToolConsistencyGuardTest.printed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agent0.core.agent.Trajectory;
import dev.agent0.eval.consistency.SelfConsistency;
import dev.agent0.eval.consistency.Vote;
import dev.agent0.eval.grade.ValueEquivalence;
import dev.agent0.sandbox.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolGroundedVoteTest {
    private static final ValueEquivalence GRADER = new ValueEquivalence();
    private static final SelfConsistency VOTER = new SelfConsistency(GRADER);
    private final ToolConsistencyGuard guard = new ToolConsistencyGuard(true, GRADER);
    private final ToolGroundedVote grounded = new ToolGroundedVote(VOTER, guard, true);
    private final ToolGroundedVote plain = new ToolGroundedVote(VOTER, guard, false);

    /**
     * Eight samples of 16+49: five direct answers, four of them the same wrong 75; three tool
     * calls.
     */
    private static List<Trajectory> wrongDirectMajority() {
        return List.of(
                answering("75"),
                answering("75"),
                answering("75"),
                answering("75"),
                answering("65"),
                answering("65", printed("65", Status.OK)),
                answering("65", printed("65", Status.OK)),
                answering("75", printed("75", Status.OK))); // the last one mis-copied 16+59
    }

    @Test
    void toolVerifiedAnswersChooseThePseudoLabelAndPHatCountsAllK() {
        // Tool-verified: 65, 65, 75 -> ỹ = 65; all k = 8 answers: 65 three times (one direct, two
        // tool)
        Vote v = grounded.vote(wrongDirectMajority());
        assertEquals("65", v.majorityAnswer());
        assertEquals(3.0 / 8, v.pHat().value(), 0.0);
        assertEquals(8, v.k());
        // The plain vote (switch off) keeps the consensus: 75 five times out of 8.
        Vote p = plain.vote(wrongDirectMajority());
        assertEquals("75", p.majorityAnswer());
        assertEquals(5.0 / 8, p.pHat().value(), 0.0);
    }

    @Test
    void withoutAnyToolVerifiedAnswerTheVoteIsThePlainMajority() {
        List<Trajectory> direct =
                List.of(
                        answering("7"),
                        answering("7"),
                        answering("8"),
                        answering(
                                "9",
                                printed(
                                        "NameError: x",
                                        Status.RUNTIME_ERROR))); // a failed call verifies nothing
        Vote v = grounded.vote(direct);
        assertEquals("7", v.majorityAnswer());
        assertEquals(0.5, v.pHat().value(), 0.0);
    }

    @Test
    void contradictingAnswersNeitherVerifyNorVoteButCountInK() {
        // 12 printed, 13 boxed: contradicts (the guard's abstention); one verified 12; two direct
        // 13.
        List<Trajectory> g =
                List.of(
                        answering("13", printed("12", Status.OK)),
                        answering("12", printed("12", Status.OK)),
                        answering("13"),
                        answering("13"));
        Vote v = grounded.vote(g);
        assertEquals("12", v.majorityAnswer());
        assertEquals(0.25, v.pHat().value(), 0.0);
        assertEquals(-1, (int) v.groupOfAnswer().get(0));
        assertEquals(true, v.agreesWithMajority(1));
        assertEquals(false, v.agreesWithMajority(2));
    }

    @Test
    void groupsAreConsecutiveProblemMajorAndSizesAreChecked() {
        List<Trajectory> two = new java.util.ArrayList<>(wrongDirectMajority());
        two.addAll(wrongDirectMajority());
        List<Vote> votes = grounded.votes(two, 2, 8);
        assertEquals(2, votes.size());
        assertEquals("65", votes.get(1).majorityAnswer());
        assertThrows(IllegalArgumentException.class, () -> grounded.votes(two, 3, 8));
    }
}
