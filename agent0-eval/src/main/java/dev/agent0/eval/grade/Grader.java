package dev.agent0.eval.grade;

/**
 * One way of deciding whether a model response answers a problem, named so that every score says
 * which grader produced it.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface Grader {
    /** A stable name used in reports and JSON keys, e.g. {@code value}. */
    String name();

    /**
     * Grades a response against a gold answer.
     *
     * @param response the model's full response, or a bare final answer
     * @param gold the reference answer (a bare answer, GSM8K text with {@code ####}, or a solution
     *     with {@code \boxed{}})
     */
    Grade grade(String response, String gold);
}
