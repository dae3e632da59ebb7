package dev.agent0.rl.selfplay;

import dev.agent0.core.agent.CurriculumAgent;
import dev.agent0.core.agent.CurriculumSample;
import dev.agent0.core.agent.ExecutorAgent;
import dev.agent0.core.agent.Trajectory;
import dev.agent0.eval.consistency.PHat;
import dev.agent0.eval.consistency.Vote;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Curation (AGENT0-SPEC.md section 1, step 2): N problems from the trained curriculum, k executor
 * answers each, the vote for the pseudo-label ỹ and p̂, and the problems whose p̂ lies in the band.
 *
 * <p>Empty questions and problems without a majority (all k answers empty) are dropped. p̂ is the
 * vote's value, unchanged; it travels with the problem to the executor's ADPO step. With the
 * tool-consistency guard on, an answer that contradicts its own tool output abstains (it still
 * counts in k); with the grounded vote on, ỹ comes from tool-verified answers when there are any
 * ({@link ToolGroundedVote}).
 */
public final class Curation {
    private final CurationConfig config;
    private final ToolGroundedVote voting;

    public Curation(CurationConfig config, ToolGroundedVote voting) {
        this.config = config;
        this.voting = voting;
    }

    public CurationConfig config() {
        return config;
    }

    /**
     * What one curation produced.
     *
     * @param judged every generated problem with its verdict (questions.jsonl)
     * @param trajectories the executor's k answers to each non-empty question, problem-major
     * @param kept the kept problems: the executor's training set of this iteration
     * @param monitors the curation part of the iteration's collapse monitors
     */
    public record Result(
            List<CuratedProblem> judged,
            List<Trajectory> trajectories,
            CuratedSet kept,
            CollapseMonitors monitors) {}

    /**
     * Samples N problems, asks the executor k times each, votes and keeps; reports each stage
     * ({@code sample}, {@code solve}, {@code vote}) as it starts.
     *
     * @param iteration t, recorded in the kept set
     * @param sampleSeed the curriculum's sampling seed
     * @param solveSeed the executor's sampling seed
     */
    public Result curate(
            int iteration,
            CurriculumAgent curriculum,
            ExecutorAgent executor,
            long sampleSeed,
            long solveSeed,
            Consumer<String> stages) {
        // 1. The trained curriculum writes N problems.
        stages.accept("sample");
        List<CurriculumSample> samples = curriculum.sample(config.problems(), sampleSeed);
        List<String> questions = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        List<String> asked = new ArrayList<>();
        for (CurriculumSample s : samples) {
            questions.add(s.output().question());
            answers.add(s.output().answer());
            if (!isEmpty(s.output().question())) {
                asked.add(s.output().question());
            }
        }
        // 2. The executor answers each non-empty question k times.
        stages.accept("solve");
        List<Trajectory> trajectories =
                asked.isEmpty() ? List.of() : executor.solve(asked, config.k(), solveSeed);
        // 3. Vote ỹ and p̂ per asked question; 4. keep the band.
        stages.accept("vote");
        List<Vote> byAsked = voting.votes(trajectories, asked.size(), config.k());
        List<Vote> votes = new ArrayList<>();
        int next = 0;
        for (String q : questions) {
            votes.add(isEmpty(q) ? null : byAsked.get(next++));
        }
        List<CuratedProblem> judged = judgeVotes(questions, answers, votes);
        return new Result(
                judged,
                trajectories,
                new CuratedSet(iteration, kept(judged)),
                CollapseMonitors.ofCuration(judged, trajectories, voting.guard()));
    }

    /**
     * Judges every problem from extracted answers (the plain vote).
     *
     * @param questions N questions (null or blank = empty)
     * @param curriculumAnswers N curriculum answers (entries may be null); recorded only
     * @param answers N lists of executor answers (null/blank = empty); an empty question's list may
     *     be empty, any other needs k >= 1 entries
     * @return one record per problem, in input order
     */
    public List<CuratedProblem> judge(
            List<String> questions, List<String> curriculumAnswers, List<List<String>> answers) {
        sameSizes(questions, curriculumAnswers, answers, "answers");
        List<Vote> votes = new ArrayList<>(questions.size());
        for (int i = 0; i < questions.size(); i++) {
            if (isEmpty(questions.get(i))) {
                votes.add(null);
            } else if (answers.get(i).isEmpty()) {
                throw new IllegalArgumentException(
                        "answers["
                                + i
                                + "] is empty: a non-empty question needs k >= 1 "
                                + "executor answers");
            } else {
                votes.add(voting.voteAnswers(answers.get(i)));
            }
        }
        return judgeVotes(questions, curriculumAnswers, votes);
    }

    /**
     * Judges every problem from votes already taken (e.g. {@link ToolGroundedVote}).
     *
     * @param votes one per question; null for an empty question (which is judged EMPTY_QUESTION)
     */
    public List<CuratedProblem> judgeVotes(
            List<String> questions, List<String> curriculumAnswers, List<Vote> votes) {
        sameSizes(questions, curriculumAnswers, votes, "votes");
        List<CuratedProblem> out = new ArrayList<>(questions.size());
        for (int i = 0; i < questions.size(); i++) {
            String q = questions.get(i);
            if (!isEmpty(q) && votes.get(i) == null) {
                throw new IllegalArgumentException(
                        "votes[" + i + "] is null for a non-empty question");
            }
            out.add(judgeOne(i, q, curriculumAnswers.get(i), votes.get(i)));
        }
        return out;
    }

    private CuratedProblem judgeOne(int i, String question, String curriculumAnswer, Vote v) {
        if (isEmpty(question)) {
            return new CuratedProblem(
                    i,
                    question,
                    curriculumAnswer,
                    null,
                    PHat.ZERO,
                    0,
                    0,
                    CurationVerdict.EMPTY_QUESTION);
        }
        CurationVerdict verdict;
        if (v.majorityAnswer() == null) {
            verdict = CurationVerdict.NO_MAJORITY;
        } else if (v.pHat().value() < config.minPHat()) {
            verdict = CurationVerdict.TOO_HARD;
        } else if (v.pHat().value() > config.maxPHat()) {
            verdict = CurationVerdict.TOO_EASY;
        } else {
            verdict = CurationVerdict.KEPT;
        }
        return new CuratedProblem(
                i,
                question.strip(),
                curriculumAnswer,
                v.majorityAnswer(),
                v.pHat(),
                v.k(),
                v.groupSizes().size(),
                verdict);
    }

    /** The kept problems, in order. */
    public static List<CuratedProblem> kept(List<CuratedProblem> judged) {
        return judged.stream().filter(CuratedProblem::kept).toList();
    }

    private static boolean isEmpty(String question) {
        return question == null || question.isBlank();
    }

    private static void sameSizes(
            List<String> questions, List<String> curriculumAnswers, List<?> other, String name) {
        if (questions.size() != curriculumAnswers.size() || questions.size() != other.size()) {
            throw new IllegalArgumentException(
                    "questions ("
                            + questions.size()
                            + "), curriculumAnswers ("
                            + curriculumAnswers.size()
                            + ") and "
                            + name
                            + " ("
                            + other.size()
                            + ") differ in size");
        }
    }
}
