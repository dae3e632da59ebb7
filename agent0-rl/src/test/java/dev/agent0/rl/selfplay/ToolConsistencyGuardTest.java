package dev.agent0.rl.selfplay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent0.core.agent.CurriculumSample;
import dev.agent0.core.agent.RolloutEnd;
import dev.agent0.core.agent.ToolCall;
import dev.agent0.core.agent.Trajectory;
import dev.agent0.eval.consistency.PHat;
import dev.agent0.eval.consistency.SelfConsistency;
import dev.agent0.eval.consistency.Vote;
import dev.agent0.eval.grade.ValueEquivalence;
import dev.agent0.rl.reward.CurriculumReward;
import dev.agent0.rl.reward.CurriculumRewardConfig;
import dev.agent0.rl.train.RolloutBatch;
import dev.agent0.sandbox.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolConsistencyGuardTest {
    private static final ValueEquivalence GRADER = new ValueEquivalence();
    private final ToolConsistencyGuard on = new ToolConsistencyGuard(true, GRADER);
    private final ToolConsistencyGuard off = new ToolConsistencyGuard(false, GRADER);

    /**
     * A tool call that ended with {@code status} and printed {@code printed} (the sandbox's
     * observation form).
     */
    static ToolCall printed(String printed, Status status) {
        return new ToolCall("print(x)", status, "\n" + printed + "\n```\n", 2, false);
    }

    static Trajectory answering(String answer, ToolCall... calls) {
        int[] ids = {5, 6};
        return new Trajectory(
                0,
                0,
                new int[] {1, 2},
                ids,
                new int[] {1, 1},
                new float[2],
                new float[2],
                List.of(calls),
                answer,
                "text",
                RolloutEnd.END_OF_TURN);
    }

    @Test
    void answerThatDiffersFromTheLastPrintedValueContradictsIt() {
        ToolCall five = printed("-5", Status.OK);
        assertTrue(on.contradicts(answering("-0", five))); // the prototype's \boxed{-0} drift
        assertFalse(on.contradicts(answering("-5", five)));
        assertFalse(
                on.contradicts(answering("-5.0", five))); // value equivalence, not string equality
        assertFalse(on.contradicts(answering("-10/2", five)));
    }

    @Test
    void lastLineAndLastTokenOfThePrintedTextSupportTheAnswer() {
        assertFalse(on.contradicts(answering("153", printed("x = 153", Status.OK))));
        assertFalse(on.contradicts(answering("12", printed("trying\n12", Status.OK))));
        assertTrue(on.contradicts(answering("7", printed("x = 153", Status.OK))));
        assertEquals(
                "x = 153",
                ToolConsistencyGuard.lastToolValue(answering("1", printed("x = 153", Status.OK))));
    }

    @Test
    void onlyTheLastExecutedSuccessfulCallWithOutputCounts() {
        ToolCall five = printed("5", Status.OK);
        ToolCall empty =
                new ToolCall(
                        "",
                        null,
                        "\nError: no complete ```python block before ```output\n```\n",
                        9,
                        false);
        // An empty turn ran nothing: the call before it is still the last executed one.
        assertTrue(on.contradicts(answering("7", five, empty)));
        // A failed last call printed no value: nothing to contradict, although an earlier call
        // printed 5.
        assertFalse(
                on.contradicts(
                        answering("7", five, printed("NameError: x", Status.RUNTIME_ERROR))));
        // A call that printed nothing, no call at all, or no answer: nothing to compare.
        assertFalse(
                on.contradicts(
                        answering("7", new ToolCall("x = 1", Status.OK, "\n\n```\n", 2, false))));
        assertFalse(on.contradicts(answering("7")));
        assertFalse(on.contradicts(answering(null, five)));
        assertFalse(ToolConsistencyGuard.checkable(answering(null, five)));
        assertTrue(ToolConsistencyGuard.checkable(answering("5", five)));
    }

    @Test
    void guardOnRemovesTheVoteAndTheRewardGuardOffOnlyMeasures() {
        Trajectory bad = answering("-0", printed("-5", Status.OK));
        assertNull(on.vote(bad));
        assertFalse(on.allowsReward(bad));
        assertEquals("-0", off.vote(bad));
        assertTrue(off.allowsReward(bad));
        assertTrue(off.contradicts(bad));
    }

    /**
     * Failure mode 1 in miniature: three mis-copied answers outvote the one that matches its tool.
     */
    private static List<Trajectory> drifting() {
        return List.of(
                answering("-0", printed("-5", Status.OK)),
                answering("-0", printed("-5", Status.OK)),
                answering("-0", printed("-7", Status.OK)),
                answering("-5", printed("-5", Status.OK)));
    }

    @Test
    void guardedCurationVotesOnlyToolConsistentAnswers() {
        Curation curation = new Curation(CurationConfig.defaults(), SelfPlayFixtures.plainVote());
        // Guard off: "-0" wins 3 of 4, p̂ = 0.75, kept with a wrong label.
        CuratedProblem plain =
                curation.judgeVotes(
                                List.of("q"),
                                Arrays.asList((String) null),
                                new ToolGroundedVote(new SelfConsistency(), off, false)
                                        .votes(drifting(), 1, 4))
                        .get(0);
        assertEquals("-0", plain.pseudoLabel());
        assertEquals(0.75, plain.pHat().value(), 0.0);
        assertEquals(2, plain.distinctAnswers());
        // Guard on: the three abstain but count in k, so ỹ = -5 with p̂ = 1/4 (too hard: dropped).
        CuratedProblem guarded =
                curation.judgeVotes(
                                List.of("q"),
                                Arrays.asList((String) null),
                                new ToolGroundedVote(new SelfConsistency(), on, false)
                                        .votes(drifting(), 1, 4))
                        .get(0);
        assertEquals("-5", guarded.pseudoLabel());
        assertEquals(0.25, guarded.pHat().value(), 0.0);
        assertEquals(1, guarded.distinctAnswers());
        assertEquals(CurationVerdict.TOO_HARD, guarded.verdict());
    }

    @Test
    void guardedExecutorRewardIsZeroEvenWhenTheAnswerMatchesTheLabel() {
        // ỹ = "-0" (a drifted label); rollouts: "-0" contradicting -5, "-0" with no tool, "-5"
        // consistent.
        CuratedProblem p =
                new CuratedProblem(0, "q", null, "-0", new PHat(0.5), 4, 2, CurationVerdict.KEPT);
        List<Trajectory> g =
                List.of(
                        answering("-0", printed("-5", Status.OK)),
                        answering("-0"),
                        answering("-5", printed("-5", Status.OK)));
        RolloutBatch plain =
                new ExecutorTraining(GRADER, new ToolConsistencyGuard(false, GRADER))
                        .batch(List.of(p), g, 3);
        assertArrayEquals(new double[] {1, 1, 0}, plain.rewards(), 0.0);
        RolloutBatch guarded = new ExecutorTraining(GRADER, on).batch(List.of(p), g, 3);
        assertArrayEquals(new double[] {0, 1, 0}, guarded.rewards(), 0.0);
    }

    @Test
    void guardedCurriculumPHatIgnoresContradictingAnswers() {
        List<CurriculumSample> samples =
                List.of(SelfPlayFixtures.sample("<question>5-10</question> \\boxed{-5}", 3));
        CurriculumReward reward = new CurriculumReward(CurriculumRewardConfig.defaults());
        List<Vote> votes = new ArrayList<>();
        double plain =
                new CurriculumTraining(reward, SelfPlayFixtures.plainVote())
                        .problems(samples, List.of(0), drifting(), 4, votes)
                        .get(0)
                        .pHat()
                        .value();
        double guarded =
                new CurriculumTraining(
                                reward, new ToolGroundedVote(new SelfConsistency(), on, false))
                        .problems(samples, List.of(0), drifting(), 4, new ArrayList<>())
                        .get(0)
                        .pHat()
                        .value();
        assertEquals(0.75, plain, 0.0);
        assertEquals(0.25, guarded, 0.0); // 1 of k = 4: abstentions stay in the denominator
    }
}
