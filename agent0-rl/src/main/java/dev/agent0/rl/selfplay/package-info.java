/**
 * The Agent0 co-evolution loop: curation, the curriculum GRPO and executor ADPO steps, the run
 * config, the run folder with its config snapshot, crash-safe JSONL logs and committed state for
 * exact resume, and the spec's section 7 extensions (tool-consistency guard, collapse monitors with
 * optional early stop; the KL clamp is passed on to the loss).
 *
 * <p>Left out on purpose: the losses and optimiser ({@code train}), the reward terms
 * ({@code reward}), and what an evaluation measures (the world's {@link
 * dev.agent0.rl.selfplay.IterationEvaluator}).
 */
package dev.agent0.rl.selfplay;
