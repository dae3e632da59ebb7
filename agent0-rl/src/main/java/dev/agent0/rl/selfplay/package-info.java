/**
 * The Agent0 co-evolution loop: {@link dev.agent0.rl.selfplay.SelfPlayLoop} (the algorithm, step by
 * step) over its phases (curriculum GRPO step, curation, executor ADPO step), the two agents'
 * trainers, the run config composed from the library's config records, and the run folder (config
 * snapshot, crash-safe JSONL logs, committed progress for exact resume); plus the spec's section 7
 * extensions (tool-consistency guard, tool-grounded vote, collapse monitors with optional early
 * stop).
 *
 * <p>Left out on purpose: the losses and optimiser ({@code train}), the reward terms ({@code
 * reward}), and what an evaluation measures (the world's {@link
 * dev.agent0.rl.selfplay.IterationEvaluator}).
 */
package dev.agent0.rl.selfplay;
