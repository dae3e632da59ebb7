package dev.agent0.rl.selfplay;

/** The two agents Agent0 trains from one base model. */
public enum AgentRole {
    /** Writes problems; trained with GRPO against the frozen executor. */
    CURRICULUM,
    /** Solves problems with the Python tool; trained with ADPO on the curated problems. */
    EXECUTOR;

    /** The agent's folder name in checkpoints and iteration folders. */
    public String folder() {
        return name().toLowerCase();
    }
}
