package dev.agent0.rl.plan;

/** The phases of a self-play iteration whose peaks the planner predicts, in run order. */
public enum Phase {
    /** The curriculum writes B problems; the frozen executor answers each k times (p̂). */
    CURRICULUM_SAMPLING,
    /** The curriculum's GRPO update on its B samples. */
    CURRICULUM_UPDATE,
    /** The curriculum writes N problems; the frozen executor answers each k times. */
    CURATION_SAMPLING,
    /** The executor's multi-turn rollouts: problems per step × G. */
    EXECUTOR_ROLLOUT,
    /** The executor's ADPO update on one step's rollouts. */
    EXECUTOR_UPDATE;

    /** The name in JSON and text output, e.g. {@code curriculum_sampling}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
