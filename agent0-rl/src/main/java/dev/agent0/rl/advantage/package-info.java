/**
 * Per-rollout advantages from group rewards: GRPO's group-normalised Â, Dr.GRPO's mean-centred
 * advantage and ADPO's ambiguity scaling s(p̂) with its companion clip bound ε_high(p̂).
 *
 * <p>Plain Java over {@code double[]}: advantages are a few numbers per rollout and never on the
 * autograd path; turning them into tensors, and the token-level loss, is {@code
 * dev.agent0.rl.loss}'s job.
 */
package dev.agent0.rl.advantage;
