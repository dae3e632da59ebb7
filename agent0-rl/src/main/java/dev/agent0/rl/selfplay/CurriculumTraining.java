package dev.agent0.rl.selfplay;

import dev.agent0.core.agent.CurriculumAgent;
import dev.agent0.core.agent.CurriculumSample;
import dev.agent0.core.agent.ExecutorAgent;
import dev.agent0.core.agent.Trajectory;
import dev.agent0.eval.consistency.PHat;
import dev.agent0.eval.consistency.Vote;
import dev.agent0.rl.reward.CurriculumReward;
import dev.agent0.rl.reward.FormatGate;
import dev.agent0.rl.train.PolicyTrainer;
import dev.agent0.rl.train.RolloutBatch;
import dev.agent0.rl.train.StepMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * One curriculum update (AGENT0-SPEC.md section 2): the curriculum writes B problems, the frozen
 * executor answers each well-formed one k times, the composite reward scores each problem, and one
 * GRPO {@link PolicyTrainer#step} trains on the batch (all B samples share the one curriculum
 * prompt; groups are G consecutive samples).
 *
 * <p>Malformed samples are not sent to the executor: their p̂ and tool count are 0 and the format
 * gate zeroes their reward.
 */
public final class CurriculumTraining {
    private final CurriculumReward reward;
    private final ToolGroundedVote voting;

    /**
     * @param voting how p̂ is voted from the executor's k trajectories: with the guard on, an
     *     answer that contradicts its own tool output does not vote (it still counts in k)
     */
    public CurriculumTraining(CurriculumReward reward, ToolGroundedVote voting) {
        this.reward = reward;
        this.voting = voting;
    }

    /**
     * Everything one step produced, for questions.jsonl and the metrics.
     *
     * @param samples the curriculum's B samples
     * @param problems what the frozen executor did on each (p̂, mean tool calls)
     * @param votes each sample's vote (null for a malformed sample)
     * @param terms each sample's reward terms
     * @param batch the rollout batch trained on (null when not trained)
     * @param metrics the trainer's metrics (null when not trained: the untrained-curriculum
     *     ablation)
     */
    public record Step(
            List<CurriculumSample> samples,
            List<CurriculumReward.Problem> problems,
            List<Vote> votes,
            List<CurriculumReward.Terms> terms,
            RolloutBatch batch,
            StepMetrics metrics) {}

    /**
     * Samples, scores and (when {@code trainer} is non-null) trains once.
     *
     * @param trainer null for the untrained-curriculum ablation (the samples are still scored)
     */
    public Step step(
            CurriculumAgent curriculum,
            ExecutorAgent frozenExecutor,
            PolicyTrainer trainer,
            int batchSize,
            int groupSize,
            int k,
            long seed) {
        return step(
                curriculum, frozenExecutor, trainer, batchSize, groupSize, k, seed, stage -> {});
    }

    /**
     * As {@link #step(CurriculumAgent, ExecutorAgent, PolicyTrainer, int, int, int, long)},
     * reporting each stage as it starts ({@code sample}, {@code answer}, {@code train}) for a
     * progress bar.
     */
    public Step step(
            CurriculumAgent curriculum,
            ExecutorAgent frozenExecutor,
            PolicyTrainer trainer,
            int batchSize,
            int groupSize,
            int k,
            long seed,
            java.util.function.Consumer<String> stages) {
        // 1. The curriculum writes B problems.
        stages.accept("sample");
        List<CurriculumSample> samples = curriculum.sample(batchSize, seed);
        // 2. The frozen executor answers each well-formed problem k times.
        stages.accept("answer");
        List<Integer> asked = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            var o = samples.get(i).output();
            if (FormatGate.score(o.question(), o.answer(), reward.config().requireAnswer()) > 0) {
                asked.add(i);
            }
        }
        List<Trajectory> answers =
                asked.isEmpty()
                        ? List.of()
                        : frozenExecutor.solve(
                                asked.stream()
                                        .map(i -> samples.get(i).output().question())
                                        .toList(),
                                k,
                                seed ^ 0x5DEECE66DL);
        // 3. Vote (p̂) and count tool calls; 4. composite reward.
        List<Vote> votes = new ArrayList<>();
        List<CurriculumReward.Problem> problems = problems(samples, asked, answers, k, votes);
        List<CurriculumReward.Terms> terms = reward.score(problems);
        if (trainer == null) {
            return new Step(samples, problems, votes, terms, null, null);
        }
        // 5. One GRPO update; groups of G consecutive samples of the one curriculum prompt.
        stages.accept("train");
        RolloutBatch batch = batch(samples, terms, groupSize);
        return new Step(samples, problems, votes, terms, batch, trainer.step(batch));
    }

    /**
     * Per sample: p̂ from the vote over its k executor answers (through the tool-consistency guard)
     * and the mean executed tool calls of those trajectories; 0 and 0 for a sample the executor was
     * not asked about.
     *
     * @param asked indices of the samples that were sent to the executor, in order
     * @param answers {@code asked.size() · k} trajectories, problem-major
     * @param votes receives each sample's vote (null when not asked)
     */
    List<CurriculumReward.Problem> problems(
            List<CurriculumSample> samples,
            List<Integer> asked,
            List<Trajectory> answers,
            int k,
            List<Vote> votes) {
        List<Vote> byProblem = voting.votes(answers, asked.size(), k);
        List<CurriculumReward.Problem> out = new ArrayList<>(samples.size());
        int next = 0;
        for (int i = 0; i < samples.size(); i++) {
            var o = samples.get(i).output();
            if (next < asked.size() && asked.get(next) == i) {
                Vote v = byProblem.get(next);
                double tools = 0;
                for (int s = 0; s < k; s++) {
                    tools += answers.get(next * k + s).executedToolCalls();
                }
                votes.add(v);
                out.add(
                        new CurriculumReward.Problem(
                                o.question(), o.answer(), v.pHat(), tools / k));
                next++;
            } else {
                votes.add(null);
                out.add(new CurriculumReward.Problem(o.question(), o.answer(), PHat.ZERO, 0.0));
            }
        }
        return out;
    }

    /**
     * B sequences (prompt + generated ids; the mask is 1 on every generated token) in groups of G
     * consecutive samples (reference G = 4). The batch carries no p̂: the curriculum's GRPO does
     * not read one (p̂ is the executor's uncertainty about the problem, already in the reward).
     */
    public static RolloutBatch batch(
            List<CurriculumSample> samples, List<CurriculumReward.Terms> terms, int groupSize) {
        if (samples.size() != terms.size()) {
            throw new IllegalArgumentException(
                    "samples ("
                            + samples.size()
                            + ") and terms ("
                            + terms.size()
                            + ") differ in size");
        }
        if (groupSize < 1 || samples.size() % groupSize != 0) {
            throw new IllegalArgumentException(
                    "groupSize = "
                            + groupSize
                            + " must be >= 1 and divide the "
                            + samples.size()
                            + " samples");
        }
        List<RolloutBatch.Sequence> seqs = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            CurriculumSample s = samples.get(i);
            int p = s.promptIds().length;
            int[] ids = new int[p + s.responseIds().length];
            System.arraycopy(s.promptIds(), 0, ids, 0, p);
            System.arraycopy(s.responseIds(), 0, ids, p, s.responseIds().length);
            float[] lp = new float[ids.length];
            System.arraycopy(s.logProbs(), 0, lp, p, s.logProbs().length);
            if (s.responseIds().length == 0) {
                throw new IllegalArgumentException("samples[" + i + "] has no generated tokens");
            }
            seqs.add(
                    RolloutBatch.Sequence.ofResponse(
                            ids, p, lp, i / groupSize, terms.get(i).total()));
        }
        return RolloutBatch.withoutPHat(seqs);
    }
}
