package dev.agent0.rl.selfplay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.agent0.core.agent.Trajectory;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.eval.consistency.PHat;
import dev.agent0.eval.grade.ValueEquivalence;
import dev.agent0.rl.train.PolicyTrainer;
import dev.agent0.rl.train.PolicyTrainerConfig;
import dev.agent0.rl.train.RolloutBatch;
import dev.agent0.rl.train.StepMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutorTrainingTest {
    private final ExecutorTraining training =
            new ExecutorTraining(
                    new ValueEquivalence(),
                    new ToolConsistencyGuard(false, new ValueEquivalence()));

    /** Two problems curated from hand-made votes: p̂ 0.5 (ỹ "12") and p̂ 0.75 (ỹ "0.5"). */
    private static List<CuratedProblem> curated() {
        Curation c = new Curation(CurationConfig.defaults(), SelfPlayFixtures.plainVote());
        List<CuratedProblem> all =
                c.judge(
                        List.of("q0", "q1", "q2"),
                        Arrays.asList("12", null, "1"),
                        List.of(
                                Arrays.asList("12", "12.0", "5", null),
                                Arrays.asList("1/2", "0.5", "0.50", "2"),
                                List.of("1", "1", "1", "1")));
        return Curation.kept(all); // q2 is too easy (p̂ = 1)
    }

    private static List<Trajectory> rollouts() {
        // G = 3 per problem: answers chosen so the rewards are {1, 0, 0} and {1, 1, 0}.
        return List.of(
                SelfPlayFixtures.trajectory(0, 0, "12", 2, 1),
                SelfPlayFixtures.trajectory(0, 1, "13", 3, 0),
                SelfPlayFixtures.trajectory(0, 2, null, 1, 2),
                SelfPlayFixtures.trajectory(1, 0, "\\frac{1}{2}", 2, 1),
                SelfPlayFixtures.trajectory(1, 1, "0.5", 1, 1),
                SelfPlayFixtures.trajectory(1, 2, "", 4, 0));
    }

    @Test
    void batchCarriesCurationPHatUnchangedAndRewardsMatchPseudoLabel() {
        List<CuratedProblem> problems = curated();
        assertEquals(2, problems.size());
        assertEquals(0.5, problems.get(0).pHat().value(), 0.0);
        assertEquals(0.75, problems.get(1).pHat().value(), 0.0);
        RolloutBatch batch = training.batch(problems, rollouts(), 3);
        assertEquals(List.of(problems.get(0).pHat(), problems.get(1).pHat()), batch.pHat());
        assertArrayEquals(new double[] {1, 0, 0, 1, 1, 0}, batch.rewards(), 0.0);
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, batch.groups());
    }

    @Test
    void promptAndObservationTokensAreMaskedOut() {
        RolloutBatch batch = training.batch(curated(), rollouts(), 3);
        RolloutBatch.Sequence s =
                batch.sequences().get(1); // prompt 3, generated 2, observation 3, generated 3
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 1}, s.lossMask(), 0f);
        Trajectory t = rollouts().get(1);
        assertArrayEquals(t.fullIds(), s.tokens());
        for (int i = 0; i < t.responseIds().length; i++) {
            assertEquals(
                    t.lossMask()[i] == 1 ? t.logProbs()[i] : 0f, s.samplingLogProbs()[3 + i], 0f);
        }
        // trained tokens = generated tokens only: (2 + tail) summed over tails 2,3,1,2,1,4.
        assertEquals(2 * 6 + 13, batch.trainedTokens());
    }

    @Test
    void wrongShapesAndUncuratedProblemsAreRefused() {
        List<CuratedProblem> problems = curated();
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> training.batch(problems, rollouts().subList(0, 5), 3));
        assertTrue(e.getMessage().contains("groupSize"), e.getMessage());
        List<CuratedProblem> withDropped = new ArrayList<>(problems);
        withDropped.set(
                1,
                new CuratedProblem(
                        2, "q2", null, "1", new PHat(1.0), 4, 1, CurationVerdict.TOO_EASY));
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> training.batch(withDropped, rollouts(), 3));
        assertTrue(e.getMessage().contains("problems[1]"), e.getMessage());
    }

    @Test
    void trainerStepsOnTheBatchAndTrainsOnlyGeneratedTokens() {
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
        RolloutBatch batch = training.batch(curated(), rollouts(), 3);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            QwenModel model =
                    new QwenModel(QwenWeights.random(SelfPlayFixtures.tinyConfig(), 3, 0.3, m));
            float[] before = model.parameters().values().iterator().next().toFloatArray();
            try (PolicyTrainer trainer =
                    new PolicyTrainer(model, PolicyTrainerConfig.defaults(), m)) {
                StepMetrics metrics = trainer.step(batch);
                assertEquals(25, metrics.updates().trainedTokens());
                // p̂ reaches ADPO unchanged: by hand, Â(1 of {1,0,0}) = (2/3)/sqrt(1/3) = 1.1547
                // and
                // Â(0 of {1,1,0}) = −1.1547 (unbiased std); s(0.5) = 0.6 + 0.4·0.2/0.5 = 0.76,
                // s(0.75) = 0.6 + 0.4·0.45/0.5 = 0.96; so max Ã = 0.76·1.1547, min Ã =
                // −0.96·1.1547.
                double a = (2.0 / 3) / Math.sqrt(1.0 / 3);
                assertEquals(0.76 * a, metrics.advantages().max(), 1e-5);
                assertEquals(-0.96 * a, metrics.advantages().min(), 1e-5);
                assertEquals(0, metrics.updates().skippedUpdates());
                assertTrue(
                        Double.isFinite(metrics.losses().loss()),
                        "loss " + metrics.losses().loss());
                float[] after =
                        trainer.policy().parameters().values().iterator().next().toFloatArray();
                assertTrue(!Arrays.equals(before, after), "parameters did not change");
            }
        }
    }
}
