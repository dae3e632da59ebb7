package dev.agent0.examples.tinyworld;

/**
 * One measured criterion of the pre-RL gate.
 *
 * @param name e.g. {@code executorFormat}
 * @param measured the measured fraction, in [0, 1]
 * @param threshold the lowest acceptable value
 * @param count how many items the fraction is over (responses, samples, trajectories or problems)
 * @param passed {@code measured >= threshold}
 */
public record GateCriterion(
        String name, double measured, double threshold, int count, boolean passed) {

    /** A criterion that passes when {@code hits / count >= threshold}. */
    public static GateCriterion atLeast(String name, int hits, int count, double threshold) {
        if (count < 1 || hits < 0 || hits > count) {
            throw new IllegalArgumentException(
                    name
                            + ": hits = "
                            + hits
                            + ", count = "
                            + count
                            + ": need 0 <= hits <= count and count >= 1");
        }
        double measured = (double) hits / count;
        return new GateCriterion(name, measured, threshold, count, measured >= threshold);
    }

    /** e.g. {@code "executorFormat 0.995 >= 0.990 (n = 960): pass"}. */
    public String describe() {
        return String.format(
                "%s %.3f %s %.3f (n = %d): %s",
                name, measured, passed ? ">=" : "<", threshold, count, passed ? "pass" : "FAIL");
    }
}
