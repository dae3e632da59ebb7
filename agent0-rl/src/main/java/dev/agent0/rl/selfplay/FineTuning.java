package dev.agent0.rl.selfplay;

/**
 * What the two agents train: every weight of their own copy, or a LoRA adapter over a shared base.
 */
public enum FineTuning {
    /**
     * Full fine-tuning: each agent is its own copy of its initial model, every weight trained, each
     * with a frozen copy as KL reference (β &gt; 0). The default; the tiny world uses it.
     */
    FULL,
    /**
     * One frozen base shared by both agents, each agent a LoRA adapter over it ({@code
     * models.lora}); the KL reference is the base itself. Checkpoints are PEFT adapter folders.
     */
    LORA
}
