/**
 * Training loops on a {@code QwenModel}: the GRPO/ADPO {@link dev.agent0.rl.train.PolicyTrainer},
 * the masked cross-entropy {@link dev.agent0.rl.train.SftTrainer}, and resumable {@link
 * dev.agent0.rl.train.TrainingCheckpoint}s (Hugging Face folder plus optimiser, trainer and RNG
 * state). Rollout generation, rewards and the self-play schedule are left to other packages: a
 * trainer receives finished token sequences and only updates weights.
 */
package dev.agent0.rl.train;
