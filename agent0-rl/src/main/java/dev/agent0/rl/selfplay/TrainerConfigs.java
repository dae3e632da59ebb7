package dev.agent0.rl.selfplay;

import dev.agent0.rl.advantage.AdvantageEstimator;
import dev.agent0.rl.loss.KlEstimator;
import dev.agent0.rl.loss.PolicyLossConfig;
import dev.agent0.rl.optim.AdamWConfig;
import dev.agent0.rl.optim.LrSchedule;
import dev.agent0.rl.train.PolicyTrainerConfig;

/**
 * The two trainers' {@link PolicyTrainerConfig}s from a {@link SelfPlayConfig}: what is configurable
 * comes from the run config, the rest is fixed here (AGENT0-SPEC.md sections 2–4). Both clip the
 * global grad norm at 1.0, use AdamW's defaults and the configured KL log-ratio clamp
 * ({@code extensions.klLogRatioClamp}) with verl's ±10 clamp on k3 itself.
 */
final class TrainerConfigs {
    private TrainerConfigs() {}

    /**
     * Curriculum GRPO (spec section 2): clip 0.2/0.3 ("clip-higher"), dual-clip 3, k3 KL; one epoch,
     * one mini-batch (on-policy), micro-batches of 4; constant lr, no warm-up.
     */
    static PolicyTrainerConfig curriculum(SelfPlayConfig config) {
        SelfPlayConfig.Curriculum c = config.curriculum();
        PolicyLossConfig loss = PolicyLossConfig.defaults().withClip(0.2, 0.3).withDualClip(3)
                .withKl(c.klBeta(), KlEstimator.K3).withKlClamps(config.extensions().klLogRatioClamp(),
                        PolicyLossConfig.defaults().klValueClamp());
        return PolicyTrainerConfig.defaults().withEstimator(AdvantageEstimator.GRPO).withLoss(loss)
                .withBatching(1, 1, 4)
                .withOptimizer(AdamWConfig.defaults(), LrSchedule.constant(c.lr(), 0), 1.0)
                .withSeed(config.seed());
    }

    /** Executor ADPO (or the GRPO ablation) with the configured batching, lr warm-up and decay (spec sections 3–4). */
    static PolicyTrainerConfig executor(SelfPlayConfig config) {
        SelfPlayConfig.Executor e = config.executor();
        AdvantageEstimator est = "grpo".equals(e.estimator()) ? AdvantageEstimator.GRPO : AdvantageEstimator.ADPO;
        PolicyLossConfig loss = PolicyLossConfig.defaults().withKl(e.klBeta(), KlEstimator.K3)
                .withKlClamps(config.extensions().klLogRatioClamp(), PolicyLossConfig.defaults().klValueClamp());
        return PolicyTrainerConfig.defaults().withEstimator(est).withLoss(loss)
                .withBatching(e.epochs(), e.miniBatches(), e.microBatchSize())
                .withOptimizer(AdamWConfig.defaults(), executorSchedule(config), 1.0)
                .withSeed(config.seed() + 1);
    }

    /** Constant after the warm-up, or a cosine to lr · lrMinRatio over the run's executor updates. */
    static LrSchedule executorSchedule(SelfPlayConfig config) {
        SelfPlayConfig.Executor e = config.executor();
        if (e.lrMinRatio() >= 1) {
            return LrSchedule.constant(e.lr(), e.warmupSteps());
        }
        long updates = (long) config.iterations() * e.steps() * e.epochs() * e.miniBatches();
        return LrSchedule.cosine(e.lr(), e.warmupSteps(), (int) Math.max(updates, e.warmupSteps()), e.lrMinRatio());
    }
}
