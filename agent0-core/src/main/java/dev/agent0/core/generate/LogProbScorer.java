package dev.agent0.core.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.agent0.core.model.AttentionMasks;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.runtime.NoGradient;
import java.util.List;

/**
 * Per-token log-probs of given sequences under the model: entry t of a row is log p(ids[t] |
 * ids[&lt;t]) for t ≥ 1 (entry 0 and padding are 0).
 *
 * <p>Sequences are right-padded into one batch with a padding mask; a causal mask applies within.
 * {@link #tokenLogProbs} keeps the autograd graph when the thread's grad mode is on and the
 * parameters require gradients (the RL loss); {@link #score} never records one.
 */
public final class LogProbScorer {
    private final QwenModel model;

    public LogProbScorer(QwenModel model) {
        this.model = model;
    }

    /** Log-probs [B, T] (T = longest sequence) on {@code manager}'s device, differentiable. */
    public NDArray tokenLogProbs(NDManager manager, List<int[]> sequences) {
        return forward(manager, sequences, false).get(0);
    }

    /**
     * Runs the model once: log-probs [B, T], and the logits [B, T, V] too when {@code keepLogits}.
     */
    public NDList forward(NDManager manager, List<int[]> sequences, boolean keepLogits) {
        return forward(manager, sequences, keepLogits, 1);
    }

    /**
     * Runs the model once, projecting to logits only the positions that predict tokens {@code
     * firstScored} and later: log-probs [B, T] with entries before {@code firstScored} 0, and with
     * {@code keepLogits} the logits [B, T − firstScored + 1, V] of positions firstScored − 1 .. T −
     * 1. The output projection dominates a forward when the vocabulary is large (Qwen3: 151,936
     * rows against a hidden size of 1,024–4,096), so skipping the prompt's positions saves most of
     * its cost there. {@code firstScored} 1 is the whole sequence.
     */
    public NDList forward(
            NDManager manager, List<int[]> sequences, boolean keepLogits, int firstScored) {
        int b = sequences.size();
        int t = sequences.stream().mapToInt(s -> s.length).max().orElse(0);
        if (b == 0 || t == 0) {
            throw new IllegalArgumentException("sequences is empty or holds only empty sequences");
        }
        if (firstScored < 1 || firstScored > Math.max(1, t - 1)) {
            throw new IllegalArgumentException(
                    "firstScored = "
                            + firstScored
                            + ", must be in [1, "
                            + Math.max(1, t - 1)
                            + "]");
        }
        PaddedSequences in = PaddedSequences.of(sequences, model.config().vocabSize());
        NDArray ids = in.ids(manager);
        NDArray positions = AttentionMasks.positions(manager, in.keep);
        NDArray mask = AttentionMasks.causal(manager, in.keep, model.dtype());
        // 1. Logits of positions from − 1 .. T − 1 under the causal + padding mask.
        int from = firstScored - 1;
        NDArray logits =
                from == 0
                        ? model.logits(ids, positions, mask)
                        : model.head(
                                model.hidden(ids, positions, mask)
                                        .get(new NDIndex().addAllDim().addSliceDim(from, t)));
        // 2. log_softmax(logits[p])[ids[p+1]], shifted right by one so that entry p + 1 scores
        //    ids[p + 1]; positions before firstScored stay 0.
        int n = t - from;
        NDArray picked = logits.logSoftmax(2).gather(in.next(manager, from, t), 2).reshape(b, n);
        NDArray zero = manager.zeros(new Shape(b, from + 1), model.dtype());
        NDArray shifted = zero.concat(picked.get(":, :-1"), 1);
        NDArray lp = shifted.mul(in.tokenMask(manager, 0, t, model.dtype()));
        return keepLogits ? new NDList(lp, logits) : new NDList(lp);
    }

    /** Host log-probs per sequence (length of each sequence, entry 0 is 0), without autograd. */
    public float[][] score(List<int[]> sequences) {
        try (NoGradient off = NoGradient.enter();
                NDManager m = model.newManager();
                NDScope scope = new NDScope()) {
            float[] flat = tokenLogProbs(m, sequences).toFloatArray();
            int t = flat.length / sequences.size();
            float[][] out = new float[sequences.size()][];
            for (int r = 0; r < out.length; r++) {
                out[r] = java.util.Arrays.copyOfRange(flat, r * t, r * t + sequences.get(r).length);
            }
            return out;
        }
    }
}
