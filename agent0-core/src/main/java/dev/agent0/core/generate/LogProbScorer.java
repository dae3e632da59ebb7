package dev.agent0.core.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
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
        int b = sequences.size();
        int t = sequences.stream().mapToInt(s -> s.length).max().orElse(0);
        if (b == 0 || t == 0) {
            throw new IllegalArgumentException("sequences is empty or holds only empty sequences");
        }
        PaddedSequences in = PaddedSequences.of(sequences, model.config().vocabSize());
        // 1. Logits at every position under the causal + padding mask.
        NDArray logits =
                model.logits(
                        in.ids(manager),
                        AttentionMasks.positions(manager, in.keep),
                        AttentionMasks.causal(manager, in.keep, model.dtype()));
        // 2. log_softmax(logits[t])[ids[t+1]], shifted right by one so that entry t scores ids[t].
        NDArray picked = logits.logSoftmax(2).gather(in.next(manager, 0, t), 2).reshape(b, t);
        NDArray zero = manager.zeros(new Shape(b, 1), model.dtype());
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
