/**
 * The benchmark harness: GSM8K, MATH and generic JSONL loaders, the {@link
 * dev.agent0.eval.harness.Solver} interface with an OpenAI-compatible chat-completions solver,
 * resumable per-item results, and pass@1, maj@k and unbiased pass@k per subject and level.
 *
 * <p>The local-model solver (core generation plus the executor's tool loop) is not here yet; it
 * will implement {@code Solver}.
 */
package dev.agent0.eval.harness;
