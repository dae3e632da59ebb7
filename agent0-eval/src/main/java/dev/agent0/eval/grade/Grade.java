package dev.agent0.eval.grade;

/**
 * The verdict of one grader on one (response, gold) pair.
 *
 * @param grader the grader's name, e.g. {@code value}, {@code hendrycks}, {@code gsm8k_strict}
 * @param status what happened
 * @param extracted the answer the grader read from the response, or null when none
 * @param reason a short human explanation (why unequal, which parse failed), never null
 */
public record Grade(String grader, GradeStatus status, String extracted, String reason) {
    public boolean correct() {
        return status == GradeStatus.CORRECT;
    }

    /** True/false when the grader applies; null for NOT_APPLICABLE and GOLD_UNPARSABLE. */
    public Boolean verdict() {
        return switch (status) {
            case CORRECT -> Boolean.TRUE;
            case INCORRECT, NO_ANSWER, TIMEOUT -> Boolean.FALSE;
            case GOLD_UNPARSABLE, NOT_APPLICABLE -> null;
        };
    }
}
