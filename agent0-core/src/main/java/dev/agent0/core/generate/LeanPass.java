package dev.agent0.core.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.agent0.core.model.AttentionMasks;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.runtime.NoGradient;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * Per-token log-probs of whole sequences under a {@link PassMemory}: scoring without a graph, and a
 * training forward and backward, with the logits computed a chunk of positions at a time and,
 * optionally, each decoder layer run again during backward instead of keeping its activations.
 *
 * <p>How the backward works without custom autograd functions (DJL has none): the pass is cut at a
 * tensor h (the final-normed hidden states, and with recomputation every layer's input). Downstream
 * of the cut, h is replaced by a detached leaf that requires a gradient; the downstream part runs
 * and is back-propagated piece by piece (each chunk's loss on its own, or one layer), which leaves
 * dL/dh on the leaf; then {@code sum(h · dL/dh)} is back-propagated through the upstream part,
 * whose parameter gradients are exactly those of the whole loss (chain rule). Gradients accumulate
 * on the parameters across these backward calls, as in PyTorch; the caller zeroes them.
 */
public final class LeanPass {
    private final QwenModel model;
    private final PassMemory memory;

    public LeanPass(QwenModel model, PassMemory memory) {
        this.model = model;
        this.memory = memory;
    }

    /** The loss of some token positions, and metrics to combine over chunks. */
    @FunctionalInterface
    public interface ChunkLoss<M> {
        /**
         * @param m a manager for this chunk's arrays (closed after its backward)
         * @param logProbs [B, to − from]: entry (b, j) = log p(ids[from + j] | ids[&lt; from + j])
         *     of sequence b, 0 on padding; differentiable
         * @param from the first token position of the chunk, at least 1
         * @param to one past the last
         * @return the chunk's scalar loss (its part of the whole loss) and its metrics
         */
        Result<M> apply(NDManager m, NDArray logProbs, int from, int to);

        /** A chunk's loss and metrics. */
        record Result<M>(NDArray loss, M metrics) {}
    }

    /** Log-probs and token entropies per sequence (host), entry t for token t, 0 at t = 0. */
    public record Scores(double[][] logProbs, double[][] entropies) {}

    /** Receives the token entropies of each chunk of a training pass (computed without a graph). */
    @FunctionalInterface
    public interface EntropySink {
        /**
         * @param entropies [B, to − from] row-major: entry (b, j) is the entropy of the
         *     distribution token {@code from + j} of sequence b was drawn from (meaningless on
         *     padding: mask it)
         */
        void accept(double[] entropies, int from, int to);
    }

    /**
     * Scores {@code sequences} without a graph: entry t of each row is log p(ids[t] | ids[&lt;t])
     * and, with {@code entropy}, the entropy of the distribution it was drawn from (0 at t = 0).
     */
    public Scores score(List<int[]> sequences, boolean entropy) {
        return score(sequences, entropy, 1);
    }

    /**
     * {@link #score(List, boolean)} of tokens {@code firstScored} and later only (entries before
     * are 0): the logits of earlier positions are never computed.
     */
    public Scores score(List<int[]> sequences, boolean entropy, int firstScored) {
        PaddedSequences in = padded(sequences);
        checkFirstScored(firstScored, in);
        double[][] lp = new double[in.b][];
        double[][] ent = entropy ? new double[in.b][] : null;
        for (int r = 0; r < in.b; r++) {
            lp[r] = new double[sequences.get(r).length];
            if (entropy) {
                ent[r] = new double[sequences.get(r).length];
            }
        }
        try (NoGradient off = NoGradient.enter();
                NDManager m = model.newManager()) {
            NDArray normed =
                    model.hidden(
                            in.ids(m),
                            AttentionMasks.positions(m, in.keep),
                            AttentionMasks.causal(m, in.keep, model.dtype()));
            int last = in.t - 1; // positions 0 .. t − 2 predict tokens 1 .. t − 1
            int chunk = memory.logitChunk() == 0 ? Math.max(last, 1) : memory.logitChunk();
            for (int p0 = firstScored - 1; p0 < last; p0 += chunk) {
                int p1 = Math.min(last, p0 + chunk);
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray logp = model.head(normed.get(slice(p0, p1))).logSoftmax(2);
                    double[] picked = host(logp.gather(in.next(m, p0, p1), 2));
                    double[] e =
                            entropy ? host(logp.exp().mul(logp).sum(new int[] {2}).neg()) : null;
                    int n = p1 - p0;
                    for (int r = 0; r < in.b; r++) {
                        int len = sequences.get(r).length;
                        for (int j = 0; j < n && p0 + j + 1 < len; j++) {
                            lp[r][p0 + j + 1] = picked[r * n + j];
                            if (entropy) {
                                ent[r][p0 + j + 1] = e[r * n + j];
                            }
                        }
                    }
                }
            }
        }
        return new Scores(lp, ent);
    }

    /**
     * Forward and backward of Σ over chunks of {@code loss}, accumulating parameter gradients
     * through {@code gc}; returns the chunks' metrics combined with {@code plus}. Call with grad
     * mode on and the parameters trainable.
     */
    public <M> M backward(
            NDManager m,
            List<int[]> sequences,
            GradientCollector gc,
            ChunkLoss<M> loss,
            BinaryOperator<M> plus) {
        return backward(m, sequences, 1, null, gc, loss, plus);
    }

    /**
     * {@link #backward(NDManager, List, GradientCollector, ChunkLoss, BinaryOperator)} whose loss
     * reads tokens {@code firstScored} and later only (the logits of earlier positions are never
     * computed), handing each chunk's token entropies to {@code entropies} when it is not null.
     */
    public <M> M backward(
            NDManager m,
            List<int[]> sequences,
            int firstScored,
            EntropySink entropies,
            GradientCollector gc,
            ChunkLoss<M> loss,
            BinaryOperator<M> plus) {
        PaddedSequences in = padded(sequences);
        checkFirstScored(firstScored, in);
        QwenModel.LayerInputs li =
                model.layerInputs(
                        AttentionMasks.positions(m, in.keep),
                        AttentionMasks.causal(m, in.keep, model.dtype()));
        NDArray h0 = model.embed(in.ids(m));
        if (!memory.recomputeLayers()) {
            // 1. The whole trunk with its graph; 2. the head chunk by chunk on a cut at the final
            // norm.
            NDArray h = h0;
            for (int i = 0; i < model.numLayers(); i++) {
                h = model.layer(i, h, li);
            }
            NDArray normed = model.finalNorm(h);
            HeadResult<M> head = head(m, in, normed, firstScored, entropies, gc, loss, plus);
            // 3. Back through the trunk: d/dθ Σ normed · dL/dnormed.
            gc.backward(normed.mul(head.gradient).sum());
            head.gradient.close();
            return head.metrics;
        }
        // 1. Every layer without a graph, keeping only its input; each layer's temporaries are
        //    freed before the next starts (its own NDScope).
        NDArray[] inputs = new NDArray[model.numLayers() + 1];
        inputs[0] = h0.stopGradient();
        try (NoGradient off = NoGradient.enter()) {
            for (int i = 0; i < model.numLayers(); i++) {
                NDArray out;
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    out = model.layer(i, inputs[i], li);
                    NDScope.unregister(out);
                }
                NDScope.register(out);
                inputs[i + 1] = out;
            }
        }
        // 2. Final norm and head on a cut at the last layer's output.
        NDArray top = inputs[model.numLayers()];
        top.setRequiresGradient(true);
        NDArray normed = model.finalNorm(top);
        HeadResult<M> head = head(m, in, normed, firstScored, entropies, gc, loss, plus);
        gc.backward(normed.mul(head.gradient).sum());
        head.gradient.close();
        NDArray grad = top.getGradient();
        // 3. Layer by layer from the top: run it again with its graph, back-propagate, move down.
        //    Each layer's recomputed activations live in its own NDScope, so only one layer's
        //    exist at a time (the Java handles would otherwise keep them after backward freed the
        //    graph), and each input is dropped once its layer is done.
        for (int i = model.numLayers() - 1; i >= 0; i--) {
            NDArray x = inputs[i];
            NDArray below;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                x.setRequiresGradient(true);
                gc.backward(model.layer(i, x, li).mul(grad).sum());
                below = x.getGradient();
                NDScope.unregister(below);
            }
            grad.close();
            if (i + 1 < model.numLayers()) {
                inputs[i + 1].close();
            }
            grad = below;
        }
        // 4. Into the embedding, when it trains (full fine-tuning).
        if (model.trainableParameters().containsKey("model.embed_tokens.weight")) {
            gc.backward(h0.mul(grad).sum());
        }
        grad.close();
        return head.metrics;
    }

    private record HeadResult<M>(NDArray gradient, M metrics) {}

    /**
     * The output projection and the loss chunk by chunk on a detached copy of {@code normed};
     * returns dL/dnormed and the combined metrics.
     */
    private <M> HeadResult<M> head(
            NDManager m,
            PaddedSequences in,
            NDArray normed,
            int firstScored,
            EntropySink entropies,
            GradientCollector gc,
            ChunkLoss<M> loss,
            BinaryOperator<M> plus) {
        NDArray cut = normed.stopGradient();
        cut.setRequiresGradient(true);
        int last = in.t - 1;
        int chunk = memory.logitChunk() == 0 ? Math.max(last, 1) : memory.logitChunk();
        M total = null;
        for (int p0 = firstScored - 1; p0 < last; p0 += chunk) {
            int p1 = Math.min(last, p0 + chunk);
            try (NDManager cm = m.newSubManager();
                    NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray logp = model.head(cut.get(slice(p0, p1))).logSoftmax(2);
                if (entropies != null) {
                    try (NoGradient off = NoGradient.enter()) {
                        NDArray d = logp.stopGradient();
                        entropies.accept(
                                host(d.exp().mul(d).sum(new int[] {2}).neg()), p0 + 1, p1 + 1);
                    }
                }
                NDArray lp =
                        logp.gather(in.next(cm, p0, p1), 2)
                                .reshape(in.b, p1 - p0)
                                .mul(in.tokenMask(cm, p0 + 1, p1 + 1, model.dtype()));
                ChunkLoss.Result<M> r = loss.apply(cm, lp, p0 + 1, p1 + 1);
                gc.backward(r.loss());
                total = total == null ? r.metrics() : plus.apply(total, r.metrics());
            }
        }
        return new HeadResult<>(cut.getGradient(), total);
    }

    /** The batch, refusing one that holds no sequence of 2 or more tokens (nothing to score). */
    private PaddedSequences padded(List<int[]> sequences) {
        PaddedSequences in = PaddedSequences.of(sequences, model.config().vocabSize());
        if (in.b == 0 || in.t < 2) {
            throw new IllegalArgumentException("need at least one sequence of 2 or more tokens");
        }
        return in;
    }

    private static void checkFirstScored(int firstScored, PaddedSequences in) {
        if (firstScored < 1 || firstScored > in.t - 1) {
            throw new IllegalArgumentException(
                    "firstScored = " + firstScored + ", must be in [1, " + (in.t - 1) + "]");
        }
    }

    private static NDIndex slice(int from, int to) {
        return new NDIndex().addAllDim().addSliceDim(from, to);
    }

    private static double[] host(NDArray x) {
        return x.toType(DataType.FLOAT64, false).toDoubleArray();
    }
}
