package dev.agent0.rl.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.agent0.core.generate.LogProbScorer;
import dev.agent0.core.model.QwenModel;
import dev.agent0.rl.Checks;
import dev.agent0.rl.optim.AdamW;
import dev.agent0.rl.optim.AdamWConfig;
import dev.agent0.rl.optim.LrSchedule;
import dev.agent0.rl.optim.OptimizerStep;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervised fine-tuning: token-mean cross-entropy on masked tokens with the same AdamW, for the
 * executor's cold start and tiny-world base pretraining.
 *
 * <p>Loss of a batch = −Σ mask·log p(token | prefix) / Σ mask, with the divisor fixed over the
 * whole batch so micro-batching does not change it. {@link #epoch} shuffles with the trainer's
 * seeded {@link TrainingRng}. NaN/∞ loss or gradients skip the update.
 */
public final class SftTrainer implements AutoCloseable {
    static final String NAME = "sft";
    private static final Logger LOG = LoggerFactory.getLogger(SftTrainer.class);

    private final QwenModel model;
    private final NDManager manager;
    private final AdamW optimizer;
    private final LrSchedule schedule;
    private final double maxGradNorm;
    private final int microBatchSize;
    private TrainingRng rng;
    private TrainerState state = new TrainerState(NAME, 0, 0, 0);

    /**
     * One training example: token ids and a 0/1 mask of the tokens to learn (index 0 must be 0).
     */
    public record Example(int[] tokens, float[] lossMask) {
        public Example {
            Checks.arg(tokens != null && tokens.length >= 2, "tokens: need at least 2 tokens");
            Checks.arg(
                    lossMask != null && lossMask.length == tokens.length,
                    "lossMask has length %s, tokens has %s",
                    lossMask == null ? "null" : lossMask.length,
                    tokens.length);
            Checks.arg(lossMask[0] == 0, "lossMask[0] = %s, must be 0", lossMask[0]);
        }
    }

    /**
     * @param seed seed of the batch shuffles
     */
    public SftTrainer(
            QwenModel model,
            AdamWConfig optimizer,
            LrSchedule schedule,
            double maxGradNorm,
            int microBatchSize,
            long seed,
            NDManager manager) {
        Checks.arg(microBatchSize >= 1, "microBatchSize = %s, must be >= 1", microBatchSize);
        this.model = model;
        this.manager = manager.newSubManager();
        this.optimizer = new AdamW(optimizer, this.manager);
        this.schedule = schedule;
        this.maxGradNorm = maxGradNorm;
        this.microBatchSize = microBatchSize;
        this.rng = TrainingRng.seeded(seed);
        model.setTrainable(true);
    }

    /**
     * One pass over {@code examples} in shuffled batches of {@code batchSize}.
     *
     * @return the loss of each batch (before its update; NaN for a skipped one)
     */
    public double[] epoch(List<Example> examples, int batchSize) {
        Checks.arg(batchSize >= 1, "batchSize = %s, must be >= 1", batchSize);
        int[] order = rng.permutation(examples.size());
        int batches = (order.length + batchSize - 1) / batchSize;
        double[] losses = new double[batches];
        for (int k = 0; k < batches; k++) {
            int[] idx =
                    Arrays.copyOfRange(
                            order, k * batchSize, Math.min(order.length, (k + 1) * batchSize));
            losses[k] = step(Arrays.stream(idx).mapToObj(examples::get).toList());
        }
        return losses;
    }

    /** One update on one batch; returns its loss before the update. */
    public double step(List<Example> batch) {
        // 1. The divisor: unmasked tokens of the whole batch.
        double tokens = 0;
        for (Example e : batch) {
            for (float m : e.lossMask()) {
                tokens += m;
            }
        }
        double inverse = 1.0 / Math.max(tokens, 1);
        // 2. Forward + backward per micro-batch, gradients accumulate.
        double loss = 0;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            for (int start = 0; start < batch.size(); start += microBatchSize) {
                List<Example> micro =
                        batch.subList(start, Math.min(batch.size(), start + microBatchSize));
                try (NDManager m = model.newManager();
                        NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray l = microLoss(m, micro, inverse);
                    gc.backward(l);
                    loss += ModelPasses.host(l.stopGradient())[0];
                }
            }
        }
        // 3. Clip and update unless NaN/∞.
        double lr = schedule.lr(optimizer.steps());
        OptimizerStep s =
                Double.isFinite(loss)
                        ? optimizer.step(model.trainableParameters(), lr, maxGradNorm)
                        : new OptimizerStep(Double.NaN, lr, false);
        ModelPasses.zeroGradients(model.trainableParameters());
        long skipped = state.skippedUpdates();
        if (!s.applied()) {
            skipped++;
            LOG.warn(
                    "skipped SFT update {}: loss {}, grad norm {}",
                    state.updates(),
                    loss,
                    s.gradNorm());
        }
        state = new TrainerState(NAME, state.steps() + 1, state.updates() + 1, skipped);
        return loss;
    }

    private NDArray microLoss(NDManager m, List<Example> micro, double inverse) {
        List<int[]> seqs = micro.stream().map(Example::tokens).toList();
        int t = ModelPasses.maxLength(seqs);
        double[][] masks = new double[micro.size()][];
        for (int i = 0; i < masks.length; i++) {
            float[] f = micro.get(i).lossMask();
            masks[i] = new double[f.length];
            for (int j = 0; j < f.length; j++) {
                masks[i][j] = f[j];
            }
        }
        NDArray lp = new LogProbScorer(model).tokenLogProbs(m, seqs);
        NDArray mask =
                ModelPasses.padded(m, masks, ModelPasses.range(0, masks.length), t)
                        .toType(lp.getDataType(), false);
        // The scale is a constant array created here, never a Number overload (DJL-NOTES.md).
        NDArray scale = m.create(-inverse).toType(lp.getDataType(), false);
        return lp.mul(mask).sum().mul(scale);
    }

    public AdamW optimizer() {
        return optimizer;
    }

    public TrainerState state() {
        return state;
    }

    /** Saves model, optimiser, trainer and RNG state (see {@link TrainingCheckpoint}). */
    public void save(java.nio.file.Path dir, java.nio.file.Path tokenizerDir) {
        TrainingCheckpoint.save(dir, model, tokenizerDir, optimizer, state, rng.state(), null);
    }

    /** Restores optimiser, trainer and RNG state; build the trainer on the checkpoint's weights. */
    public void restore(java.nio.file.Path dir) {
        TrainingCheckpoint.Restored r = TrainingCheckpoint.restore(dir, optimizer, manager, NAME);
        state = r.state();
        rng = TrainingRng.restore(r.rngState());
    }

    @Override
    public void close() {
        model.setTrainable(false);
        optimizer.close();
        manager.close();
    }
}
