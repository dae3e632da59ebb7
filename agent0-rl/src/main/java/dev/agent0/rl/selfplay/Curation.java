package dev.agent0.rl.selfplay;

import dev.agent0.eval.consistency.SelfConsistency;
import dev.agent0.eval.consistency.Vote;
import java.util.ArrayList;
import java.util.List;

/**
 * Curation (AGENT0-SPEC.md section 3): from N generated problems and k executor answers each,
 * vote for the pseudo-label ỹ and p̂, and keep the problems whose p̂ lies in the band.
 *
 * <p>Empty questions and problems without a majority (all k answers empty) are dropped. p̂ is
 * the vote's value, unchanged; it travels with the problem to the executor's ADPO step.
 */
public final class Curation {
    private final SelfConsistency voter;
    private final CurationConfig config;

    public Curation(SelfConsistency voter, CurationConfig config) {
        this.voter = voter;
        this.config = config;
    }

    public CurationConfig config() {
        return config;
    }

    /**
     * Judges every problem.
     *
     * @param questions         N questions (null or blank = empty)
     * @param curriculumAnswers N curriculum answers (entries may be null); recorded only
     * @param answers           N lists of executor answers (null/blank = empty); an empty
     *                          question's list may be empty, any other needs k >= 1 entries
     * @return one record per problem, in input order
     */
    public List<CuratedProblem> judge(List<String> questions, List<String> curriculumAnswers,
            List<List<String>> answers) {
        if (questions.size() != curriculumAnswers.size() || questions.size() != answers.size()) {
            throw new IllegalArgumentException("questions (" + questions.size() + "), curriculumAnswers ("
                    + curriculumAnswers.size() + ") and answers (" + answers.size() + ") differ in size");
        }
        List<CuratedProblem> out = new ArrayList<>(questions.size());
        for (int i = 0; i < questions.size(); i++) {
            out.add(judgeOne(i, questions.get(i), curriculumAnswers.get(i), answers.get(i)));
        }
        return out;
    }

    /**
     * Judges every problem from votes already taken (e.g. {@link ToolGroundedVote}).
     *
     * @param votes one per question; null for an empty question (which is judged EMPTY_QUESTION)
     */
    public List<CuratedProblem> judgeVotes(List<String> questions, List<String> curriculumAnswers, List<Vote> votes) {
        if (questions.size() != curriculumAnswers.size() || questions.size() != votes.size()) {
            throw new IllegalArgumentException("questions (" + questions.size() + "), curriculumAnswers ("
                    + curriculumAnswers.size() + ") and votes (" + votes.size() + ") differ in size");
        }
        List<CuratedProblem> out = new ArrayList<>(questions.size());
        for (int i = 0; i < questions.size(); i++) {
            String q = questions.get(i);
            if (q != null && !q.isBlank() && votes.get(i) == null) {
                throw new IllegalArgumentException("votes[" + i + "] is null for a non-empty question");
            }
            out.add(judgeOne(i, q, curriculumAnswers.get(i), votes.get(i)));
        }
        return out;
    }

    private CuratedProblem judgeOne(int i, String question, String curriculumAnswer, List<String> answers) {
        if (question == null || question.isBlank()) {
            return judgeOne(i, question, curriculumAnswer, (Vote) null);
        }
        if (answers.isEmpty()) {
            throw new IllegalArgumentException("answers[" + i + "] is empty: a non-empty question needs k >= 1 "
                    + "executor answers");
        }
        return judgeOne(i, question, curriculumAnswer, voter.vote(answers));
    }

    private CuratedProblem judgeOne(int i, String question, String curriculumAnswer, Vote v) {
        if (question == null || question.isBlank()) {
            return new CuratedProblem(i, question, curriculumAnswer, null, 0, 0, 0, CurationVerdict.EMPTY_QUESTION);
        }
        CurationVerdict verdict;
        if (v.majorityAnswer() == null) {
            verdict = CurationVerdict.NO_MAJORITY;
        } else if (v.pHat() < config.minPHat()) {
            verdict = CurationVerdict.TOO_HARD;
        } else if (v.pHat() > config.maxPHat()) {
            verdict = CurationVerdict.TOO_EASY;
        } else {
            verdict = CurationVerdict.KEPT;
        }
        return new CuratedProblem(i, question.strip(), curriculumAnswer, v.majorityAnswer(), v.pHat(), v.k(),
                v.groupSizes().size(), verdict);
    }

    /** The kept problems, in order. */
    public static List<CuratedProblem> kept(List<CuratedProblem> judged) {
        return judged.stream().filter(CuratedProblem::kept).toList();
    }
}
