package dev.agent0.examples.tinyworld;

import dev.agent0.core.agent.CurriculumSample;
import dev.agent0.core.agent.ExecutorAgent;
import dev.agent0.core.agent.RolloutEnd;
import dev.agent0.core.agent.Trajectory;
import dev.agent0.core.generate.SamplingConfig;
import dev.agent0.core.generate.StopReason;
import dev.agent0.core.model.QwenModel;
import dev.agent0.eval.consistency.SelfConsistency;
import dev.agent0.eval.consistency.Vote;
import dev.agent0.eval.grade.ValueEquivalence;
import dev.agent0.rl.selfplay.ToolConsistencyGuard;
import dev.agent0.rl.selfplay.ToolGroundedVote;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pre-RL gate (issue 8): checks that a base checkpoint can start label-free self-play, on a
 * labelled sample of its own (ground truth used here only).
 *
 * <p>One model plays both roles. Everything is sampled at temperature 1 with the config's seed:
 *
 * <ol>
 *   <li>Executor: k trajectories per labelled problem, tool loop on. A response is well formed when
 *       it ended its turn and its text, the end-of-turn token removed, ends with {@code
 *       \boxed{<integer>}} ({@link IntegerAnswer#isInteger}).
 *   <li>Tool rate: trajectories on levels {@code hardFrom}+ with at least one executed tool call.
 *   <li>Pseudo-label accuracy: per problem, the k trajectories are voted as the demo's curation
 *       votes ({@link ToolGroundedVote}: guard on, ỹ from tool-verified answers when there are
 *       any); ỹ must equal the true value ({@link IntegerAnswer}). No majority (every answer empty)
 *       counts as wrong. The plain majority over all k answers is measured too and reported.
 *   <li>Curriculum: a sample is well formed when it ended its turn and its last {@code <question>}
 *       holds an expression {@link ArithmeticProblem#evaluate} accepts.
 * </ol>
 */
public final class PretrainGate {
    private static final Pattern TRAILING_BOX = Pattern.compile("\\\\boxed\\{([^{}]*)\\}$");

    private final TinyWorldAgents agents;
    private final GateConfig config;

    public PretrainGate(TinyWorldAgents agents, GateConfig config) {
        this.agents = agents;
        this.config = config;
    }

    /** Samples both roles of {@code base} and measures every criterion. */
    public GateResult check(QwenModel base) {
        // 1. The labelled sample: its own seed, so it is not the held-out set.
        HeldOutSet labelled = new HeldOutSet(config.seed(), config.problemsPerLevel());
        List<ArithmeticProblem> problems = labelled.all();
        // 2. k sampled executor trajectories per problem, tool loop on.
        SamplingConfig sampling = new SamplingConfig(1.0, 0, 1.0, config.seed());
        ExecutorAgent executor = agents.executor(base, config.rollout(), sampling);
        List<Trajectory> samples =
                config.rollout()
                        .solve(
                                executor,
                                problems.stream().map(ArithmeticProblem::expression).toList(),
                                config.k(),
                                config.seed());
        // 3. Curriculum samples.
        List<CurriculumSample> curriculum =
                agents.curriculum(base, config.curriculumMaxTokens(), sampling)
                        .sample(config.curriculumSamples(), config.seed() + 1);
        // 4. The four criteria.
        return measure(config, problems, samples, curriculum, eosTexts());
    }

    /** The end-of-turn tokens as they appear in decoded text. */
    private List<String> eosTexts() {
        List<String> texts = new ArrayList<>();
        for (int id : agents.eosTokenIds()) {
            texts.add(agents.tokenizer().decode(new int[] {id}));
        }
        return texts;
    }

    /**
     * The gate's arithmetic over given rollouts.
     *
     * @param problems the labelled problems
     * @param samples k trajectories per problem, problem-major ({@code p · k + s})
     * @param curriculum curriculum samples
     * @param eosTexts the decoded end-of-turn tokens (e.g. {@code <|im_end|>})
     */
    public static GateResult measure(
            GateConfig config,
            List<ArithmeticProblem> problems,
            List<Trajectory> samples,
            List<CurriculumSample> curriculum,
            List<String> eosTexts) {
        int k = config.k();
        if (samples.size() != problems.size() * k) {
            throw new IllegalArgumentException(
                    "samples.size() = "
                            + samples.size()
                            + ", expected problems × k = "
                            + problems.size()
                            + " × "
                            + k);
        }
        SelfConsistency voter = new SelfConsistency();
        ToolGroundedVote grounded =
                new ToolGroundedVote(
                        voter, new ToolConsistencyGuard(true, new ValueEquivalence()), true);
        int wellFormed = 0;
        int rightGrounded = 0;
        int hard = 0;
        int hardTool = 0;
        int rightVotes = 0;
        int levels = DifficultyLevel.values().length;
        int[] levelProblems = new int[levels];
        int[] levelRight = new int[levels];
        for (int p = 0; p < problems.size(); p++) {
            ArithmeticProblem problem = problems.get(p);
            boolean isHard =
                    problem.level() != null && problem.level().compareTo(config.hardFrom()) >= 0;
            List<String> answers = new ArrayList<>(k);
            for (Trajectory t : samples.subList(p * k, (p + 1) * k)) {
                wellFormed += executorWellFormed(t, eosTexts) ? 1 : 0;
                hard += isHard ? 1 : 0;
                hardTool += isHard && t.executedToolCalls() > 0 ? 1 : 0;
                answers.add(t.answer());
            }
            Vote vote = voter.vote(answers);
            rightVotes += IntegerAnswer.correct(vote.majorityAnswer(), problem.value()) ? 1 : 0;
            Vote g = grounded.vote(samples.subList(p * k, (p + 1) * k));
            boolean right = IntegerAnswer.correct(g.majorityAnswer(), problem.value());
            rightGrounded += right ? 1 : 0;
            if (problem.level() != null) {
                levelProblems[problem.level().ordinal()]++;
                levelRight[problem.level().ordinal()] += right ? 1 : 0;
            }
        }
        List<GateCriterion> byLevel = new ArrayList<>();
        for (DifficultyLevel level : DifficultyLevel.values()) {
            if (levelProblems[level.ordinal()] > 0) {
                byLevel.add(
                        GateCriterion.atLeast(
                                "pseudoLabelAccuracy " + level,
                                levelRight[level.ordinal()],
                                levelProblems[level.ordinal()],
                                config.minPseudoLabelAccuracy()));
            }
        }
        int questions =
                (int) curriculum.stream().filter(PretrainGate::curriculumWellFormed).count();
        return new GateResult(
                GateCriterion.atLeast(
                        "executorFormat", wellFormed, samples.size(), config.minExecutorFormat()),
                GateCriterion.atLeast(
                        "curriculumFormat",
                        questions,
                        curriculum.size(),
                        config.minCurriculumFormat()),
                GateCriterion.atLeast("hardToolRate", hardTool, hard, config.minHardToolRate()),
                GateCriterion.atLeast(
                        "pseudoLabelAccuracy",
                        rightGrounded,
                        problems.size(),
                        config.minPseudoLabelAccuracy()),
                GateCriterion.atLeast(
                        "plainVoteAccuracy",
                        rightVotes,
                        problems.size(),
                        config.minPseudoLabelAccuracy()),
                byLevel);
    }

    /**
     * Ended its turn, and the text before the end-of-turn token ends with {@code
     * \boxed{<integer>}}.
     */
    static boolean executorWellFormed(Trajectory t, List<String> eosTexts) {
        if (t.end() != RolloutEnd.END_OF_TURN) {
            return false;
        }
        for (String eos : eosTexts) {
            if (t.text().endsWith(eos)) {
                String body =
                        t.text().substring(0, t.text().length() - eos.length()).stripTrailing();
                Matcher m = TRAILING_BOX.matcher(body);
                return m.find() && IntegerAnswer.isInteger(m.group(1));
            }
        }
        return false;
    }

    /** Ended its turn with a {@code <question>} that is a valid tiny-world expression. */
    static boolean curriculumWellFormed(CurriculumSample s) {
        String q = s.output().question();
        if (s.stopReason() != StopReason.EOS || q == null) {
            return false;
        }
        try {
            ArithmeticProblem.evaluate(q);
            return true;
        } catch (IllegalArgumentException | ArithmeticException e) {
            return false; // not an expression, or one whose value overflows a long
        }
    }
}
