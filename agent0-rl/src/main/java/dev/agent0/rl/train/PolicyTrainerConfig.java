package dev.agent0.rl.train;

import dev.agent0.core.generate.PassMemory;
import dev.agent0.rl.Checks;
import dev.agent0.rl.advantage.AdvantageEstimator;
import dev.agent0.rl.advantage.Ambiguity;
import dev.agent0.rl.loss.PolicyLossConfig;
import dev.agent0.rl.optim.AdamWConfig;
import dev.agent0.rl.optim.LrSchedule;

/**
 * Hyperparameters of {@link PolicyTrainer} (AGENT0-SPEC.md section 4; verl's actor update).
 *
 * <p>The reference model is built exactly when {@code loss.klCoef() > 0} ({@link
 * #usesReference()}).
 *
 * @param estimator advantage estimator. Default {@link AdvantageEstimator#ADPO}.
 * @param ambiguity ADPO's s(p̂) and ε_high(p̂) curves. Default {@link Ambiguity#defaults()}.
 * @param loss clipped loss, KL and aggregation. Default {@link PolicyLossConfig#defaults()}.
 * @param epochs passes over each rollout batch (verl {@code ppo_epochs}); >= 1. Default 1.
 * @param miniBatches optimiser updates per epoch; the batch is shuffled and split into this many
 *     mini-batches; >= 1. Default 1 (on-policy: ρ ≡ 1).
 * @param microBatchSize sequences per forward/backward; gradients of a mini-batch's micro-batches
 *     are accumulated; >= 1. Default 4.
 * @param maxLength Dr.GRPO's constant normaliser (tokens per sequence); 0 = the longest sequence of
 *     the mini-batch; >= 0. Default 0.
 * @param optimizer AdamW. Default {@link AdamWConfig#defaults()}.
 * @param schedule learning rate per optimiser update. Default {@link LrSchedule#defaults()}.
 * @param maxGradNorm global-norm clip; > 0. Default 1.0 (reference).
 * @param seed seed of the mini-batch shuffles. Default 0.
 * @param memory logit chunking and layer recomputation of the scoring and training passes ({@link
 *     PassMemory}). Default none: the plain passes.
 */
public record PolicyTrainerConfig(
        AdvantageEstimator estimator,
        Ambiguity ambiguity,
        PolicyLossConfig loss,
        int epochs,
        int miniBatches,
        int microBatchSize,
        int maxLength,
        AdamWConfig optimizer,
        LrSchedule schedule,
        double maxGradNorm,
        long seed,
        PassMemory memory) {
    public PolicyTrainerConfig {
        Checks.arg(estimator != null, "estimator = null");
        Checks.arg(ambiguity != null, "ambiguity = null");
        Checks.arg(loss != null, "loss = null");
        Checks.arg(epochs >= 1, "epochs = %s, must be >= 1", epochs);
        Checks.arg(miniBatches >= 1, "miniBatches = %s, must be >= 1", miniBatches);
        Checks.arg(microBatchSize >= 1, "microBatchSize = %s, must be >= 1", microBatchSize);
        Checks.arg(maxLength >= 0, "maxLength = %s, must be >= 0", maxLength);
        Checks.arg(optimizer != null, "optimizer = null");
        Checks.arg(schedule != null, "schedule = null");
        Checks.arg(
                Double.isFinite(maxGradNorm) && maxGradNorm > 0,
                "maxGradNorm = %s, must be > 0",
                maxGradNorm);
        Checks.arg(memory != null, "memory = null");
    }

    /**
     * ADPO, default loss (β 0.01, k3, token-mean), 1 epoch, 1 mini-batch, micro-batch 4, lr 1e-6.
     */
    public static PolicyTrainerConfig defaults() {
        return new PolicyTrainerConfig(
                AdvantageEstimator.ADPO,
                Ambiguity.defaults(),
                PolicyLossConfig.defaults(),
                1,
                1,
                4,
                0,
                AdamWConfig.defaults(),
                LrSchedule.defaults(),
                1.0,
                0,
                PassMemory.none());
    }

    /**
     * The curriculum's GRPO update of the reference code (AGENT0-SPEC.md section 2): ε_low 0.2,
     * ε_high 0.3 ("clip-higher"), dual-clip c = 3, k3 KL with β 0.01, constant lr 1e-6 without
     * warm-up; otherwise {@link #defaults()}.
     */
    public static PolicyTrainerConfig curriculumDefaults() {
        return defaults()
                .withEstimator(AdvantageEstimator.GRPO)
                .withLoss(PolicyLossConfig.defaults().withClip(0.2, 0.3).withDualClip(3));
    }

    /**
     * The executor's ADPO update of the reference code (AGENT0-SPEC.md sections 3–4): {@link
     * #defaults()} with 10 optimiser updates of linear lr warm-up.
     */
    public static PolicyTrainerConfig executorDefaults() {
        return defaults().withOptimizer(AdamWConfig.defaults(), LrSchedule.constant(1e-6, 10), 1.0);
    }

    /** A copy with other memory options for its scoring and training passes. */
    public PolicyTrainerConfig withMemory(PassMemory m) {
        return new PolicyTrainerConfig(
                estimator,
                ambiguity,
                loss,
                epochs,
                miniBatches,
                microBatchSize,
                maxLength,
                optimizer,
                schedule,
                maxGradNorm,
                seed,
                m);
    }

    /** True when β > 0: a frozen copy of the initial policy is kept for the KL penalty. */
    public boolean usesReference() {
        return loss.klCoef() > 0;
    }

    /** Optimiser updates per rollout batch. */
    public int updatesPerBatch() {
        return epochs * miniBatches;
    }

    public PolicyTrainerConfig withEstimator(AdvantageEstimator e) {
        return new PolicyTrainerConfig(
                e,
                ambiguity,
                loss,
                epochs,
                miniBatches,
                microBatchSize,
                maxLength,
                optimizer,
                schedule,
                maxGradNorm,
                seed,
                memory);
    }

    public PolicyTrainerConfig withLoss(PolicyLossConfig l) {
        return new PolicyTrainerConfig(
                estimator,
                ambiguity,
                l,
                epochs,
                miniBatches,
                microBatchSize,
                maxLength,
                optimizer,
                schedule,
                maxGradNorm,
                seed,
                memory);
    }

    public PolicyTrainerConfig withBatching(
            int newEpochs, int newMiniBatches, int newMicroBatchSize) {
        return new PolicyTrainerConfig(
                estimator,
                ambiguity,
                loss,
                newEpochs,
                newMiniBatches,
                newMicroBatchSize,
                maxLength,
                optimizer,
                schedule,
                maxGradNorm,
                seed,
                memory);
    }

    public PolicyTrainerConfig withOptimizer(AdamWConfig o, LrSchedule s, double clip) {
        return new PolicyTrainerConfig(
                estimator,
                ambiguity,
                loss,
                epochs,
                miniBatches,
                microBatchSize,
                maxLength,
                o,
                s,
                clip,
                seed,
                memory);
    }

    public PolicyTrainerConfig withSeed(long s) {
        return new PolicyTrainerConfig(
                estimator,
                ambiguity,
                loss,
                epochs,
                miniBatches,
                microBatchSize,
                maxLength,
                optimizer,
                schedule,
                maxGradNorm,
                s,
                memory);
    }
}
