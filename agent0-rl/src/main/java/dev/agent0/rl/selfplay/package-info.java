/**
 * The Agent0 co-evolution loop's bookkeeping: the run folder with its config snapshot, crash-safe
 * JSONL logs and committed state for exact resume. The training phases themselves live in
 * {@code train}; the curriculum's reward in {@code reward}.
 */
package dev.agent0.rl.selfplay;
