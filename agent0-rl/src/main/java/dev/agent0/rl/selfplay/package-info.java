/**
 * The Agent0 co-evolution loop: curation, the curriculum GRPO and executor ADPO steps, the run
 * config, and the run folder with its config snapshot, crash-safe JSONL logs and committed state
 * for exact resume.
 *
 * <p>Left out on purpose: the losses and optimiser ({@code train}), the reward terms
 * ({@code reward}), and the spec's section 7 extensions (not built yet).
 */
package dev.agent0.rl.selfplay;
