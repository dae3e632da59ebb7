package dev.agent0.rl.selfplay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.agent0.core.agent.CurriculumSample;
import dev.agent0.core.agent.Trajectory;
import dev.agent0.eval.consistency.Vote;
import dev.agent0.rl.reward.CurriculumReward;
import dev.agent0.rl.reward.CurriculumRewardConfig;
import dev.agent0.rl.train.RolloutBatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurriculumTrainingTest {
    private final CurriculumTraining training =
            new CurriculumTraining(
                    new CurriculumReward(CurriculumRewardConfig.defaults()),
                    SelfPlayFixtures.plainVote());

    private static List<CurriculumSample> samples() {
        return List.of(
                SelfPlayFixtures.sample(
                        "<question>What is two plus three?</question> \\boxed{5}", 4),
                SelfPlayFixtures.sample("no question here \\boxed{1}", 3),
                SelfPlayFixtures.sample(
                        "<question>Compute seven times eight exactly.</question> \\boxed{56}", 5));
    }

    /** k = 2 executor answers for samples 0 and 2 (sample 1 is malformed and never asked). */
    private static List<Trajectory> answers() {
        return List.of(
                SelfPlayFixtures.trajectory(0, 0, "5", 1, 1),
                SelfPlayFixtures.trajectory(0, 1, "5.0", 1, 2),
                SelfPlayFixtures.trajectory(1, 0, "56", 1, 0),
                SelfPlayFixtures.trajectory(1, 1, "55", 1, 0));
    }

    @Test
    void pHatAndToolCountComeFromTheExecutorsOwnTrajectories() {
        List<Vote> votes = new ArrayList<>();
        List<CurriculumReward.Problem> problems =
                training.problems(samples(), List.of(0, 2), answers(), 2, votes);
        assertEquals(1.0, problems.get(0).pHat().value(), 0.0); // "5" and "5.0" agree
        assertEquals(1.5, problems.get(0).meanToolCalls(), 0.0); // (1 + 2) / 2 executed calls
        assertEquals(0.0, problems.get(1).pHat().value(), 0.0); // not asked
        assertNull(votes.get(1));
        assertEquals(0.5, problems.get(2).pHat().value(), 0.0);
        assertEquals(0.0, problems.get(2).meanToolCalls(), 0.0);
        assertEquals("56", votes.get(2).majorityAnswer());
    }

    @Test
    void rewardsByHandAndOneGrpoGroup() {
        List<CurriculumSample> samples = samples();
        List<CurriculumReward.Problem> problems =
                training.problems(samples, List.of(0, 2), answers(), 2, new ArrayList<>());
        List<CurriculumReward.Terms> terms =
                new CurriculumReward(CurriculumRewardConfig.defaults()).score(problems);
        // The three questions share no word, so each is its own cluster: R_rep = 1·1/3.
        // Sample 0: R_unc = 1 − 2|1 − 0.5| = 0, R_tool = 0.25·1.5 = 0.375 → max(0, 0.6·0.375 − 1/3)
        // = 0.
        assertEquals(0.375, terms.get(0).tool(), 1e-12);
        assertEquals(0.0, terms.get(0).total(), 0.0);
        // Sample 1: format gate 0.
        assertEquals(0.0, terms.get(1).format(), 0.0);
        assertEquals(0.0, terms.get(1).total(), 0.0);
        // Sample 2: R_unc = 1, R_tool = 0 → 1 − 1/3.
        assertEquals(2.0 / 3, terms.get(2).total(), 1e-12);

        RolloutBatch batch = CurriculumTraining.batch(samples, terms, 3);
        assertArrayEquals(new double[] {0, 0, 2.0 / 3}, batch.rewards(), 1e-12);
        assertArrayEquals(new int[] {0, 0, 0}, batch.groups());
        RolloutBatch.Sequence s = batch.sequences().get(1); // prompt {4, 5} + 3 generated
        assertArrayEquals(new float[] {0, 0, 1, 1, 1}, s.lossMask(), 0f);
        assertArrayEquals(
                new int[] {
                    4,
                    5,
                    samples.get(1).responseIds()[0],
                    samples.get(1).responseIds()[1],
                    samples.get(1).responseIds()[2]
                },
                s.tokens());
        assertEquals(samples.get(1).logProbs()[2], s.samplingLogProbs()[4], 0f);
        assertEquals(4 + 3 + 5, batch.trainedTokens());
    }
}
