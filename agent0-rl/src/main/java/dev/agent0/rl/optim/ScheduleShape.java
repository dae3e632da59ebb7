package dev.agent0.rl.optim;

/** The learning-rate curve after warm-up; a switch over it covers every constant. */
public enum ScheduleShape {
    /** The peak rate until the end (reference Agent0 scripts; the default). */
    CONSTANT,
    /** Half a cosine from the peak down to minRatio·peak at totalSteps (verl, Hugging Face). */
    COSINE
}
