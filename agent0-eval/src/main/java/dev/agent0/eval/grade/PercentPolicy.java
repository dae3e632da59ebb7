package dev.agent0.eval.grade;

/** What {@code \%} means to the value grader; every score names the policy it used. */
public enum PercentPolicy {
    /** {@code 10\%} is the number 10: the sign is a unit and is dropped. The default. */
    STRIP,
    /** {@code 10\%} is 0.1 (Math-Verify). */
    FRACTION,
    /**
     * As STRIP, and a number also matches gold ×100 or gold ÷100 (Qwen2.5-Math {@code math_equal}).
     */
    SCALED
}
