/**
 * Token-level policy losses on DJL tensors: PPO-clip with ε_low / per-sequence ε_high (clip-higher,
 * ADPO's ε_high(p̂)), dual-clip, KL estimators k1/k2/k3 to a frozen reference, and loss aggregation
 * with an explicit mini-batch normaliser so micro-batches add up to the mini-batch loss.
 *
 * <p>It takes log-probs as inputs and leaves out the model, the entropy bonus, and the trainer
 * loop; the {@code agent0 loss} JSON batch ({@link dev.agent0.rl.loss.BatchLossFile}) exercises it
 * without a model.
 */
package dev.agent0.rl.loss;
