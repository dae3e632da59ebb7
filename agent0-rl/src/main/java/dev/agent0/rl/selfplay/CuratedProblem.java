package dev.agent0.rl.selfplay;

import dev.agent0.eval.consistency.PHat;

/**
 * One generated problem after self-consistency voting, kept or not (a line of questions.jsonl; the
 * kept ones are curated.jsonl).
 *
 * @param index position of the problem in the curriculum batch
 * @param question the question text (null when none parsed)
 * @param curriculumAnswer the curriculum's own boxed answer, kept for the record only (the executor
 *     trains on the majority ỹ, not on this)
 * @param pseudoLabel ỹ, the majority answer of the executor's k samples (null when none)
 * @param pHat p̂ = |majority| / k, empty answers counted in k; 0 when not voted. ADPO reads this
 *     value, unchanged, for the problem's advantage scale and clip
 * @param k executor samples voted on (0 when the question was empty)
 * @param distinctAnswers value-distinct non-empty answers among the k (a collapse monitor: 1 on
 *     every problem means the executor answers by rote); 0 when not voted
 * @param verdict kept, or why dropped
 */
public record CuratedProblem(
        int index,
        String question,
        String curriculumAnswer,
        String pseudoLabel,
        PHat pHat,
        int k,
        int distinctAnswers,
        CurationVerdict verdict) {
    public CuratedProblem {
        if (pHat == null) {
            throw new IllegalArgumentException("pHat is missing (index " + index + ")");
        }
        if (verdict == CurationVerdict.KEPT
                && (question == null || question.isBlank() || pseudoLabel == null)) {
            throw new IllegalArgumentException(
                    "a KEPT problem needs a question and a pseudo-label (index " + index + ")");
        }
    }

    public boolean kept() {
        return verdict == CurationVerdict.KEPT;
    }
}
