package dev.agent0.rl.selfplay;

import dev.agent0.core.agent.ExecutorAgent;
import dev.agent0.core.agent.Trajectory;
import dev.agent0.eval.consistency.PHat;
import dev.agent0.eval.grade.ValueEquivalence;
import dev.agent0.rl.train.PolicyTrainer;
import dev.agent0.rl.train.RolloutBatch;
import dev.agent0.rl.train.StepMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * One executor update on curated problems (AGENT0-SPEC.md section 3): G tool-integrated rollouts
 * per problem, reward 1 when the final answer is value-equivalent to the problem's pseudo-label ỹ
 * (and, with the tool-consistency guard on, does not contradict the rollout's own tool output),
 * then one {@link PolicyTrainer#step} (ADPO, or GRPO for the ablation: the trainer's estimator
 * decides).
 *
 * <p>Each problem is one group; the group's p̂ is curation's p̂, copied unchanged. Observation
 * tokens keep the trajectory's loss mask 0, and so do prompt tokens.
 */
public final class ExecutorTraining {
    private final ValueEquivalence grader;
    private final ToolConsistencyGuard guard;

    /**
     * @param guard when on, a rollout whose answer contradicts its own tool output gets reward 0
     */
    public ExecutorTraining(ValueEquivalence grader, ToolConsistencyGuard guard) {
        this.grader = grader;
        this.guard = guard;
    }

    /** The rollouts, their batch and the trainer's metrics of one step. */
    public record Step(List<Trajectory> trajectories, RolloutBatch batch, StepMetrics metrics) {}

    /** Rolls out, rewards and trains once. */
    public Step step(
            List<CuratedProblem> problems,
            ExecutorAgent executor,
            PolicyTrainer trainer,
            int groupSize,
            long seed) {
        return step(problems, executor, trainer, groupSize, seed, stage -> {});
    }

    /**
     * As {@link #step(List, ExecutorAgent, PolicyTrainer, int, long)}, reporting {@code rollout}
     * and {@code train}.
     */
    public Step step(
            List<CuratedProblem> problems,
            ExecutorAgent executor,
            PolicyTrainer trainer,
            int groupSize,
            long seed,
            java.util.function.Consumer<String> stages) {
        // 1. G rollouts per curated problem (tool calls run in the sandbox).
        stages.accept("rollout");
        List<String> questions = problems.stream().map(CuratedProblem::question).toList();
        List<Trajectory> trajectories = executor.solve(questions, groupSize, seed);
        // 2–3. Rewards against ỹ; one group per problem carrying curation's p̂.
        RolloutBatch batch = batch(problems, trajectories, groupSize);
        // 4. One policy update.
        stages.accept("train");
        return new Step(trajectories, batch, trainer.step(batch));
    }

    /**
     * Rollouts of the step whose reward the tool-consistency guard zeroed (0 with the guard off).
     */
    public long guardedRollouts(Step step) {
        return step.trajectories().stream().filter(t -> !guard.allowsReward(t)).count();
    }

    /**
     * Reward of one answer: 1 when it is value-equivalent to ỹ, else 0 (also for a missing answer).
     */
    public double reward(String answer, String pseudoLabel) {
        return answer != null && !answer.isBlank() && grader.equivalent(answer.strip(), pseudoLabel)
                ? 1.0
                : 0.0;
    }

    /**
     * The rollout batch of problem-major trajectories.
     *
     * @param problems kept problems (each with ỹ and p̂)
     * @param trajectories {@code problems · groupSize}, trajectory {@code p · G + s} answers
     *     problem p
     */
    public RolloutBatch batch(
            List<CuratedProblem> problems, List<Trajectory> trajectories, int groupSize) {
        if (trajectories.size() != (long) problems.size() * groupSize) {
            throw new IllegalArgumentException(
                    "trajectories.size() = "
                            + trajectories.size()
                            + ", expected problems ("
                            + problems.size()
                            + ") × groupSize ("
                            + groupSize
                            + ")");
        }
        List<PHat> pHat = new ArrayList<>(problems.size());
        List<RolloutBatch.Sequence> seqs = new ArrayList<>(trajectories.size());
        for (int p = 0; p < problems.size(); p++) {
            CuratedProblem problem = problems.get(p);
            if (!problem.kept()) {
                throw new IllegalArgumentException(
                        "problems["
                                + p
                                + "] was not kept by curation (verdict "
                                + problem.verdict()
                                + ")");
            }
            pHat.add(problem.pHat()); // curation's p̂, unchanged: ADPO's s(p̂) and ε_high(p̂) read
            // it
            for (int s = 0; s < groupSize; s++) {
                Trajectory t = trajectories.get(p * groupSize + s);
                double r = guard.allowsReward(t) ? reward(t.answer(), problem.pseudoLabel()) : 0.0;
                seqs.add(sequence(t, p, r));
            }
        }
        return new RolloutBatch(seqs, pHat);
    }

    /**
     * Prompt + response as one trained sequence: mask 0 on the prompt, the trajectory's own mask (0
     * on observation tokens) on the response; log-probs are π_old at temperature 1.
     */
    static RolloutBatch.Sequence sequence(Trajectory t, int group, double reward) {
        int[] ids = t.fullIds();
        int offset = t.promptIds().length;
        float[] mask = new float[ids.length];
        float[] logProbs = new float[ids.length];
        for (int i = 0; i < t.responseIds().length; i++) {
            mask[offset + i] = t.lossMask()[i];
            logProbs[offset + i] = t.lossMask()[i] == 1 ? t.logProbs()[i] : 0f;
        }
        if (offset == 0) {
            mask[0] = 0; // the first token has no context to predict it from
        }
        return new RolloutBatch.Sequence(ids, mask, logProbs, group, reward);
    }
}
