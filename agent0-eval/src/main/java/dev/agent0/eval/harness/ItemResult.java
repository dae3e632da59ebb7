package dev.agent0.eval.harness;

import java.util.List;
import java.util.Map;

/**
 * One graded item: a line of {@code results.jsonl}.
 *
 * @param id the problem id
 * @param subject subject or ""
 * @param level level or 0
 * @param gold the gold answer
 * @param goldError why the value grader cannot read the gold, or null; such items are reported and
 *     left out of the value metrics
 * @param responses the k raw responses
 * @param answers the k extracted answers ("" when none)
 * @param correct per sample, whether the value grader accepts it
 * @param correctByGrader per grader name, how many of the k samples it accepts (applicable graders
 *     only)
 * @param majorityAnswer the self-consistency answer ỹ, or null when all answers were empty
 * @param majorityCorrect whether ỹ equals the gold under the value grader
 * @param pHat self-consistency p̂
 */
public record ItemResult(
        String id,
        String subject,
        int level,
        String gold,
        String goldError,
        List<String> responses,
        List<String> answers,
        List<Boolean> correct,
        Map<String, Integer> correctByGrader,
        String majorityAnswer,
        boolean majorityCorrect,
        double pHat) {
    public int k() {
        return responses.size();
    }

    public int numCorrect() {
        return (int) correct.stream().filter(Boolean::booleanValue).count();
    }
}
