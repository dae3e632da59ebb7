package dev.agent0.eval.grade;

/**
 * The outcome of grading one answer; only CORRECT scores 1, and null verdicts are reported apart.
 */
public enum GradeStatus {
    /** The answer matches the gold. */
    CORRECT,
    /** The answer was read and does not match (or could not be read). */
    INCORRECT,
    /** No answer could be extracted from the response; scores 0. */
    NO_ANSWER,
    /** The comparison exceeded the per-comparison time cap; scores 0 and is counted. */
    TIMEOUT,
    /** The gold itself could not be read: a data problem, reported, never silently scored 0. */
    GOLD_UNPARSABLE,
    /** This grader does not apply to this gold (e.g. GSM8K regexes on a LaTeX gold). */
    NOT_APPLICABLE
}
