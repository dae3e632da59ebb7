package dev.agent0.rl.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import dev.agent0.core.generate.LeanPass;
import dev.agent0.core.generate.LogProbScorer;
import dev.agent0.core.generate.PassMemory;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.runtime.NoGradient;
import dev.agent0.rl.loss.LossMetrics;
import dev.agent0.rl.loss.LossNormaliser;
import dev.agent0.rl.loss.PolicyBatch;
import dev.agent0.rl.loss.PolicyLoss;
import dev.agent0.rl.loss.PolicyLossResult;
import dev.agent0.rl.optim.AdamW;
import dev.agent0.rl.optim.OptimizerStep;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GRPO / ADPO policy updates on a {@link QwenModel} (AGENT0-SPEC.md section 4; verl's {@code
 * dp_actor.update_policy}).
 *
 * <p>{@link #step} takes one {@link RolloutBatch} and performs {@code epochs × miniBatches} AdamW
 * updates of the policy's {@linkplain QwenModel#trainableParameters() trainable parameters}, in
 * place: every weight (full fine-tuning) or only its adapter's (a LoRA view over a frozen base).
 * When β &gt; 0 the KL reference is the policy as it was at construction: a frozen copy for full
 * fine-tuning, the base itself (adapter off, nothing copied) for an adapter view. One trainer per
 * thread; close it to free the reference copy, the optimiser state and the loss constants (not the
 * model).
 */
public final class PolicyTrainer implements AutoCloseable {
    static final String NAME = "policy";
    private static final Logger LOG = LoggerFactory.getLogger(PolicyTrainer.class);

    private final PolicyTrainerConfig config;
    private final QwenModel policy;

    /**
     * The policy at the sampling temperature: every log-prob of an update (the policy if T = 1).
     */
    private final QwenModel scored;

    /** The reference at the sampling temperature; null when β = 0. */
    private final QwenModel referenceScored;

    private final NDManager manager;
    private final QwenModel reference;

    /**
     * True when {@link #reference} is this trainer's own copy (full fine-tuning), false for the
     * shared base.
     */
    private final boolean ownsReference;

    private final PolicyLoss loss;
    private final AdamW optimizer;
    private TrainingRng rng;
    private TrainerState state = new TrainerState(NAME, 0, 0, 0);

    /**
     * @param policy the model to train; its parameters are marked trainable
     * @param config hyperparameters
     * @param manager long-lived manager for the reference copy, optimiser state and constants
     */
    public PolicyTrainer(QwenModel policy, PolicyTrainerConfig config, NDManager manager) {
        this.config = config;
        this.policy = policy;
        this.manager = manager.newSubManager();
        this.ownsReference = config.usesReference() && policy.adapter() == null;
        // An adapter starts at B = 0, so the base is exactly the initial policy: no copy needed.
        this.reference =
                !config.usesReference()
                        ? null
                        : ownsReference ? frozenCopy(policy, this.manager) : policy.base();
        this.scored = policy.withTemperature(config.temperature());
        this.referenceScored =
                reference == null ? null : reference.withTemperature(config.temperature());
        this.loss = new PolicyLoss(config.loss(), this.manager);
        this.optimizer = new AdamW(config.optimizer(), this.manager);
        this.rng = TrainingRng.seeded(config.seed());
        policy.setTrainable(true);
    }

    /** A copy of the weights with no autograd history (grad mode off while copying). */
    private static QwenModel frozenCopy(QwenModel policy, NDManager manager) {
        return NoGradient.call(() -> new QwenModel(policy.weights().copy(manager, policy.dtype())));
    }

    /**
     * Data of one rollout batch fixed before any update: steps 1–3 of {@link #step}.
     *
     * @param oldLogProbs from the scoring pass, or, when {@code oldFromTrainingPass}, zeros that
     *     the training pass fills with its own log-probs (detached)
     * @param oldFromTrainingPass the update is {@linkplain #onPolicy() on-policy}: the old
     *     log-probs are the training pass's own, detached, and no scoring pass ran
     * @param firstScored per sequence, the first token the loss reads (its first masked one): no
     *     pass computes logits for earlier positions
     * @param entropy the policy's mean token entropy, filled by the scoring pass or, on-policy, by
     *     the training pass
     * @param correction the sampler correction from the old log-probs; null on-policy, where it is
     *     computed (statistics only, no weights) once the training pass has filled them
     */
    record Prepared(
            List<int[]> tokens,
            double[][] mask,
            int[] firstScored,
            double[] advantages,
            double[] clipHigh,
            double[][] oldLogProbs,
            boolean oldFromTrainingPass,
            double[][] refLogProbs,
            TokenEntropy entropy,
            SamplerCorrection correction) {

        /** The per-token weights of the policy loss; null when none. */
        double[][] samplerWeights() {
            return correction == null ? null : correction.weights();
        }
    }

    /**
     * True when the one update of each rollout batch starts from the policy that scores it (one
     * epoch, one mini-batch) and nothing needs the old log-probs before it (no sampler correction):
     * the old log-probs then equal the training forward's, so that pass is not run twice (TRL does
     * the same when its step is on-policy). ρ is exactly 1.
     */
    boolean onPolicy() {
        return config.epochs() == 1
                && config.miniBatches() == 1
                && config.samplerCorrectionCap() == 0;
    }

    /** One policy update: the whole algorithm, in order. */
    public StepMetrics step(RolloutBatch batch) {
        long start = System.nanoTime();
        // 1–3. Advantages (ADPO: scaled by s(p̂), ε_high(p̂)); old log-probs from the current
        //      policy before any update, so ρ ≡ 1 on the first mini-batch; reference log-probs.
        Prepared p = prepare(batch);
        LossMetrics total = null;
        double lossSum = 0, pgSum = 0, klSum = 0, normSum = 0, lr = 0;
        int applied = 0, skipped = 0;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            // 4. Shuffle (seeded) and split into mini-batches; one optimiser update per mini-batch.
            int[] order = rng.permutation(batch.size());
            for (int[] mini : MiniBatches.split(order, config.miniBatches())) {
                // 5. Forward + backward per micro-batch; gradients accumulate, the loss of each is
                //    divided by the mini-batch's normaliser.
                LossMetrics mb = accumulate(p, mini);
                // 6. Clip to the global norm and update, unless the loss or a gradient is NaN/∞.
                lr = config.schedule().lr(optimizer.steps());
                OptimizerStep s =
                        Double.isFinite(mb.loss())
                                ? optimizer.step(
                                        policy.trainableParameters(), lr, config.maxGradNorm())
                                : new OptimizerStep(Double.NaN, lr, false);
                ModelPasses.zeroGradients(policy.trainableParameters());
                if (!s.applied()) {
                    skipped++;
                    LOG.warn(
                            "skipped update {} of step {}: loss {}, grad norm {}",
                            state.updates() + applied + skipped,
                            state.steps(),
                            mb.loss(),
                            s.gradNorm());
                    continue;
                }
                applied++;
                normSum += s.gradNorm();
                lossSum += mb.loss();
                pgSum += mb.pgLoss();
                klSum += mb.kl();
                total = total == null ? mb : total.plus(mb);
            }
        }
        state =
                new TrainerState(
                        NAME,
                        state.steps() + 1,
                        state.updates() + applied + skipped,
                        state.skippedUpdates() + skipped);
        // 7. Report; on-policy, the sampler statistics come from the training pass's log-probs.
        SamplerCorrection correction =
                p.correction() != null
                        ? p.correction()
                        : SamplerCorrection.of(
                                p.oldLogProbs(), samplingLogProbs(batch), p.mask(), 0);
        double seconds = (System.nanoTime() - start) / 1e9;
        return metrics(
                p,
                correction,
                batch,
                total,
                lossSum,
                pgSum,
                klSum,
                normSum,
                lr,
                applied,
                skipped,
                batch.totalTokens() * config.epochs() / seconds);
    }

    /** Steps 1–3: everything computed once per rollout batch, before any parameter changes. */
    Prepared prepare(RolloutBatch batch) {
        int b = batch.size();
        List<int[]> tokens = batch.sequences().stream().map(RolloutBatch.Sequence::tokens).toList();
        int vocab = policy.config().vocabSize();
        double[][] mask = new double[b][];
        for (int i = 0; i < b; i++) {
            RolloutBatch.Sequence s = batch.sequences().get(i);
            for (int t = 0; t < s.tokens().length; t++) {
                if (s.tokens()[t] >= vocab) {
                    throw new IllegalArgumentException(
                            String.format(
                                    "sequences[%d].tokens[%d] = %d, outside the vocabulary [0, %d)",
                                    i, t, s.tokens()[t], vocab));
                }
            }
            mask[i] = new double[s.lossMask().length];
            for (int t = 0; t < mask[i].length; t++) {
                mask[i][t] = s.lossMask()[t];
            }
        }
        // 1. Advantages per sequence and the upper clip bound per sequence; ADPO reads each group's
        //    p̂ (the value curation voted, carried unchanged by the batch).
        if (config.estimator().needsPHat() && !batch.hasPHat()) {
            throw new IllegalArgumentException(
                    config.estimator()
                            + " needs each group's p̂, but the batch "
                            + "carries none (RolloutBatch.withoutPHat)");
        }
        int[] groups = batch.groups();
        double[] adv =
                config.estimator()
                        .compute(batch.rewards(), groups, batch.pHat(), config.ambiguity());
        double base = config.loss().clipHigh();
        double[] clipHigh = new double[b];
        for (int i = 0; i < b; i++) {
            clipHigh[i] =
                    config.estimator().adaptiveClipHigh()
                            ? config.ambiguity().clipHigh(base, batch.pHat().get(groups[i]))
                            : base;
        }
        // 2. Old log-probs (and entropy) from the current policy, without a graph; all log-probs
        //    of the update are at the sampling temperature (logits / T). Only the masked tokens
        //    are read, so no pass projects the prompt's positions to logits. On-policy, the
        //    training pass gives them (detached) instead.
        int[] firstScored = ModelPasses.firstMasked(mask);
        TokenEntropy entropy = new TokenEntropy();
        double[][] oldLogProbs;
        if (onPolicy()) {
            oldLogProbs = new double[b][];
            for (int i = 0; i < b; i++) {
                oldLogProbs[i] = new double[tokens.get(i).length];
            }
        } else {
            ModelPasses.Scores old =
                    ModelPasses.score(
                            scored,
                            tokens,
                            firstScored,
                            config.microBatchSize(),
                            true,
                            config.memory());
            oldLogProbs = old.logProbs();
            for (int i = 0; i < b; i++) {
                entropy.add(old.entropies()[i], new int[] {i}, mask, 0, mask[i].length);
            }
        }
        // 3. Reference log-probs from the frozen copy, only when β > 0.
        double[][] ref =
                reference == null
                        ? null
                        : ModelPasses.score(
                                        referenceScored,
                                        tokens,
                                        firstScored,
                                        config.microBatchSize(),
                                        false,
                                        config.memory())
                                .logProbs();
        // 3b. Truncated importance weights against the engine that sampled, when it is another
        //     (never on-policy: a cap turns the fused pass off).
        SamplerCorrection correction =
                onPolicy()
                        ? null
                        : SamplerCorrection.of(
                                oldLogProbs,
                                samplingLogProbs(batch),
                                mask,
                                config.samplerCorrectionCap());
        return new Prepared(
                tokens,
                mask,
                firstScored,
                adv,
                clipHigh,
                oldLogProbs,
                onPolicy(),
                ref,
                entropy,
                correction);
    }

    private static float[][] samplingLogProbs(RolloutBatch batch) {
        return batch.sequences().stream()
                .map(RolloutBatch.Sequence::samplingLogProbs)
                .toArray(float[][]::new);
    }

    /**
     * Forward + backward of one mini-batch in micro-batches; gradients are left accumulated on the
     * parameters. The normaliser is the whole mini-batch's, so the micro-batch split does not
     * change the sum.
     */
    LossMetrics accumulate(Prepared p, int[] mini) {
        LossNormaliser norm = normaliser(p, mini);
        LossMetrics sum = null;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            for (int start = 0; start < mini.length; start += config.microBatchSize()) {
                int[] micro =
                        Arrays.copyOfRange(
                                mini,
                                start,
                                Math.min(mini.length, start + config.microBatchSize()));
                try (NDManager m = policy.newManager();
                        NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    LossMetrics r;
                    if (config.memory().isPlain()) {
                        PolicyLossResult plain = microBatchLoss(m, p, micro, norm);
                        gc.backward(plain.loss());
                        r = plain.metrics();
                    } else {
                        r = leanMicroBatch(m, p, micro, norm, gc);
                    }
                    sum = sum == null ? r : sum.plus(r);
                }
            }
        }
        return sum;
    }

    /**
     * Forward and backward of one micro-batch with {@link PassMemory}'s chunked logits (and layer
     * recomputation): the loss of each chunk of positions is its share of the micro-batch's loss,
     * with the mini-batch normaliser and each sequence's whole token count.
     */
    LossMetrics leanMicroBatch(
            NDManager m, Prepared p, int[] micro, LossNormaliser norm, GradientCollector gc) {
        List<int[]> seqs = ModelPasses.pick(p.tokens(), micro);
        int t = ModelPasses.maxLength(seqs);
        boolean fused = p.oldFromTrainingPass();
        NDArray old = fused ? null : ModelPasses.padded(m, p.oldLogProbs(), micro, t);
        NDArray mask = ModelPasses.padded(m, p.mask(), micro, t);
        NDArray ref =
                p.refLogProbs() == null ? null : ModelPasses.padded(m, p.refLogProbs(), micro, t);
        NDArray weights =
                p.samplerWeights() == null
                        ? null
                        : ModelPasses.padded(m, p.samplerWeights(), micro, t);
        NDArray adv = ModelPasses.picked(m, p.advantages(), micro);
        NDArray clip = ModelPasses.picked(m, p.clipHigh(), micro);
        NDArray rowTokens = mask.sum(new int[] {1});
        return new LeanPass(scored, config.memory())
                .backward(
                        m,
                        seqs,
                        ModelPasses.firstScored(p.firstScored(), micro, seqs),
                        fused
                                ? (e, from, to) -> p.entropy().add(e, micro, p.mask(), from, to)
                                : null,
                        gc,
                        (cm, lp, from, to) -> {
                            NDIndex cols = new NDIndex().addAllDim().addSliceDim(from, to);
                            NDArray oldLp = fused ? keepOld(p, micro, lp, from) : old.get(cols);
                            PolicyBatch pb =
                                    PolicyBatch.of(lp, oldLp, mask.get(cols), adv, clip)
                                            .withRowTokens(rowTokens);
                            if (ref != null) {
                                pb = pb.withReference(ref.get(cols));
                            }
                            if (weights != null) {
                                pb = pb.withTokenWeights(weights.get(cols));
                            }
                            PolicyLossResult r = loss.compute(pb, norm);
                            return new LeanPass.ChunkLoss.Result<>(r.loss(), r.metrics());
                        },
                        LossMetrics::plus);
    }

    /** The loss of one micro-batch under the given normaliser, on the current graph mode. */
    PolicyLossResult microBatchLoss(NDManager m, Prepared p, int[] micro, LossNormaliser norm) {
        List<int[]> seqs = ModelPasses.pick(p.tokens(), micro);
        int t = ModelPasses.maxLength(seqs);
        boolean fused = p.oldFromTrainingPass();
        int from = ModelPasses.firstScored(p.firstScored(), micro, seqs);
        NDList out = new LogProbScorer(scored).forward(m, seqs, fused, from);
        NDArray lp = out.get(0);
        if (fused) {
            // The logits of positions from − 1 .. t − 1 predict tokens from .. t.
            try (NoGradient off = NoGradient.enter()) {
                double[] e = ModelPasses.host(ModelPasses.entropies(out.get(1).stopGradient()));
                p.entropy().add(e, micro, p.mask(), from, t + 1);
            }
        }
        PolicyBatch pb =
                PolicyBatch.of(
                        lp,
                        fused
                                ? keepOld(p, micro, lp, 0)
                                : ModelPasses.padded(m, p.oldLogProbs(), micro, t),
                        ModelPasses.padded(m, p.mask(), micro, t),
                        ModelPasses.picked(m, p.advantages(), micro),
                        ModelPasses.picked(m, p.clipHigh(), micro));
        if (p.refLogProbs() != null) {
            pb = pb.withReference(ModelPasses.padded(m, p.refLogProbs(), micro, t));
        }
        if (p.samplerWeights() != null) {
            pb = pb.withTokenWeights(ModelPasses.padded(m, p.samplerWeights(), micro, t));
        }
        return loss.compute(pb, norm);
    }

    /**
     * On-policy: the old log-probs are the training pass's own, detached (so ρ = 1 exactly); their
     * host copy (columns {@code from ..} of the micro-batch's rows) fills {@link
     * Prepared#oldLogProbs()} for the sampler statistics.
     */
    private static NDArray keepOld(Prepared p, int[] micro, NDArray lp, int from) {
        NDArray old = lp.stopGradient();
        double[] host = ModelPasses.host(old);
        int n = (int) old.getShape().get(1);
        for (int r = 0; r < micro.length; r++) {
            double[] row = p.oldLogProbs()[micro[r]];
            for (int j = 0; j < n && from + j < row.length; j++) {
                row[from + j] = host[r * n + j];
            }
        }
        return old;
    }

    /**
     * The divisor of a mini-batch's loss from its masks (Dr.GRPO: maxLength or its longest
     * sequence).
     */
    LossNormaliser normaliser(Prepared p, int[] mini) {
        long tokens = 0;
        int longest = 0;
        for (int i : mini) {
            for (double v : p.mask()[i]) {
                tokens += v > 0 ? 1 : 0;
            }
            longest = Math.max(longest, p.tokens().get(i).length);
        }
        return LossNormaliser.of(
                config.loss().aggregation(),
                tokens,
                mini.length,
                config.maxLength() == 0 ? longest : config.maxLength());
    }

    private StepMetrics metrics(
            Prepared p,
            SamplerCorrection correction,
            RolloutBatch batch,
            LossMetrics total,
            double lossSum,
            double pgSum,
            double klSum,
            double normSum,
            double lr,
            int applied,
            int skipped,
            double tokensPerSecond) {
        return new StepMetrics(
                StepMetrics.Losses.meanOver(applied, lossSum, pgSum, klSum, p.entropy().mean()),
                StepMetrics.Clipping.of(total),
                StepMetrics.Advantages.of(p.advantages()),
                correction.metrics(),
                new StepMetrics.Updates(
                        correction.meanAbsLogRatio(),
                        applied == 0 ? Double.NaN : normSum / applied,
                        lr,
                        applied + skipped,
                        skipped,
                        batch.trainedTokens(),
                        tokensPerSecond));
    }

    public PolicyTrainerConfig config() {
        return config;
    }

    /** The model being trained. */
    public QwenModel policy() {
        return policy;
    }

    /** The frozen reference copy; null when β = 0 (none is built). */
    QwenModel reference() {
        return reference;
    }

    public AdamW optimizer() {
        return optimizer;
    }

    public TrainerState state() {
        return state;
    }

    public TrainingRng rng() {
        return rng;
    }

    /**
     * Saves the policy (its weights, or its adapter in PEFT format), the reference copy (full
     * fine-tuning with β &gt; 0), optimiser, trainer and RNG state to {@code dir}.
     */
    public void save(java.nio.file.Path dir, java.nio.file.Path tokenizerDir) {
        TrainingCheckpoint.save(
                dir,
                policy,
                tokenizerDir,
                optimizer,
                state,
                rng.state(),
                ownsReference ? reference : null);
    }

    /**
     * Restores optimiser, trainer and RNG state (and the reference weights, when β &gt; 0) from a
     * checkpoint. The policy's weights are not touched: build this trainer on {@code new
     * QwenModel(TrainingCheckpoint.loadWeights(dir, manager))}.
     */
    public void restore(java.nio.file.Path dir) {
        TrainingCheckpoint.Restored r = TrainingCheckpoint.restore(dir, optimizer, manager, NAME);
        try {
            optimizer.checkFits(policy.trainableParameters());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    dir.resolve(TrainingCheckpoint.OPTIMIZER_FILE) + ": " + e.getMessage(), e);
        }
        if (ownsReference) {
            TrainingCheckpoint.loadReferenceInto(dir, reference);
        }
        state = r.state();
        rng = TrainingRng.restore(r.rngState());
    }

    @Override
    public void close() {
        policy.setTrainable(false);
        loss.close();
        optimizer.close();
        if (ownsReference) {
            reference.close();
        }
        manager.close();
    }
}
