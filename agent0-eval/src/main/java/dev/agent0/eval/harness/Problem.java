package dev.agent0.eval.harness;

/**
 * One benchmark item.
 *
 * @param id stable identifier, unique within a data set (used to resume a run)
 * @param question the problem statement shown to the model
 * @param gold the reference final answer (bare, e.g. {@code 18} or {@code \frac{1}{2}})
 * @param subject MATH subject, or "" when the data set has none
 * @param level MATH level 1–5, or 0 when the data set has none
 */
public record Problem(String id, String question, String gold, String subject, int level) {
    public Problem {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(
                    "id is blank: every problem needs an id to resume by");
        }
        if (question == null || gold == null) {
            throw new IllegalArgumentException(
                    "problem " + id + ": question and gold must be non-null");
        }
        subject = subject == null ? "" : subject;
    }
}
