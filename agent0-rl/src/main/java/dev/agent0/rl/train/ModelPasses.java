package dev.agent0.rl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.agent0.core.generate.LeanPass;
import dev.agent0.core.generate.LogProbScorer;
import dev.agent0.core.generate.PassMemory;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.runtime.NoGradient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Helpers both trainers share: gradient-free scoring, padding to [B, T], zeroing gradients. */
final class ModelPasses {
    private ModelPasses() {}

    /** Log-probs and token entropies of some sequences, computed without a graph. */
    record Scores(double[][] logProbs, double[][] entropies) {}

    /**
     * Scores {@code seqs} in micro-batches of {@code micro} with grad mode off. Entry t of each row
     * is log p(tokens[t] | &lt;t) and the entropy of the distribution it was drawn from (0 at t =
     * 0).
     */
    static Scores score(
            QwenModel model, List<int[]> seqs, int micro, boolean entropy, PassMemory memory) {
        return score(model, seqs, null, micro, entropy, memory);
    }

    /**
     * {@link #score(QwenModel, List, int, boolean, PassMemory)} of each sequence's tokens from
     * {@code firstScored[i]} on (null: all): entries before are 0, and each micro-batch projects to
     * logits only from its smallest {@code firstScored} on.
     */
    static Scores score(
            QwenModel model,
            List<int[]> seqs,
            int[] firstScored,
            int micro,
            boolean entropy,
            PassMemory memory) {
        if (!memory.isPlain()) {
            return leanScore(model, seqs, firstScored, micro, entropy, memory);
        }
        double[][] lp = new double[seqs.size()][];
        double[][] ent = entropy ? new double[seqs.size()][] : null;
        try (NoGradient off = NoGradient.enter()) {
            LogProbScorer scorer = new LogProbScorer(model);
            for (int start = 0; start < seqs.size(); start += micro) {
                List<int[]> part = seqs.subList(start, Math.min(seqs.size(), start + micro));
                try (NDManager m = model.newManager();
                        NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    int from = firstScored(firstScored, range(start, start + part.size()), part);
                    NDList out = scorer.forward(m, part, entropy, from);
                    int t = (int) out.get(0).getShape().get(1);
                    int n = t - from + 1; // logits of positions from − 1 .. t − 1
                    double[] flat = host(out.get(0));
                    double[] e = entropy ? host(entropies(out.get(1))) : null;
                    for (int r = 0; r < part.size(); r++) {
                        int len = part.get(r).length;
                        lp[start + r] = java.util.Arrays.copyOfRange(flat, r * t, r * t + len);
                        if (entropy) {
                            double[] row = new double[len];
                            for (int i = from; i < len; i++) {
                                row[i] = e[r * n + i - from]; // logits at i − 1 predict token i
                            }
                            ent[start + r] = row;
                        }
                    }
                }
            }
        }
        return new Scores(lp, ent);
    }

    /** {@link #score} with {@link LeanPass}: the logits a chunk of positions at a time. */
    private static Scores leanScore(
            QwenModel model,
            List<int[]> seqs,
            int[] firstScored,
            int micro,
            boolean entropy,
            PassMemory memory) {
        double[][] lp = new double[seqs.size()][];
        double[][] ent = entropy ? new double[seqs.size()][] : null;
        LeanPass pass = new LeanPass(model, memory);
        for (int start = 0; start < seqs.size(); start += micro) {
            List<int[]> part = seqs.subList(start, Math.min(seqs.size(), start + micro));
            LeanPass.Scores s =
                    pass.score(
                            part,
                            entropy,
                            firstScored(firstScored, range(start, start + part.size()), part));
            for (int r = 0; r < part.size(); r++) {
                lp[start + r] = s.logProbs()[r];
                if (entropy) {
                    ent[start + r] = s.entropies()[r];
                }
            }
        }
        return new Scores(lp, ent);
    }

    /**
     * The first token position any of {@code part} (the batch's sequences {@code rows}) needs
     * scored: the smallest of their {@code firstScored}, at least 1 and at most the longest's
     * length − 1; 1 when {@code firstScored} is null.
     */
    static int firstScored(int[] firstScored, int[] rows, List<int[]> part) {
        if (firstScored == null) {
            return 1;
        }
        int from = Integer.MAX_VALUE;
        for (int r : rows) {
            from = Math.min(from, firstScored[r]);
        }
        return Math.max(1, Math.min(from, maxLength(part) - 1));
    }

    /**
     * Per sequence, the first position whose mask is set (its length when none is): the tokens a
     * loss over {@code mask} reads start there.
     */
    static int[] firstMasked(double[][] mask) {
        int[] out = new int[mask.length];
        for (int i = 0; i < mask.length; i++) {
            int t = 0;
            while (t < mask[i].length && mask[i][t] <= 0) {
                t++;
            }
            out[i] = t;
        }
        return out;
    }

    /** H = −Σ_v p_v log p_v per position of logits [B, T, V] → [B, T]. */
    static NDArray entropies(NDArray logits) {
        // [B, T, V] temporaries are closed as soon as they are used: V is 151,936 for Qwen3.
        NDArray logp = logits.logSoftmax(2);
        NDArray p = logp.exp();
        NDArray plogp = p.mul(logp);
        p.close();
        logp.close();
        NDArray sum = plogp.sum(new int[] {2});
        plogp.close();
        return sum.neg();
    }

    static double[] host(NDArray x) {
        return x.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    /**
     * Rows of {@code values} picked by {@code idx}, right-padded with 0 to [idx.length, t]
     * (float64).
     */
    static NDArray padded(NDManager m, double[][] values, int[] idx, int t) {
        double[] flat = new double[idx.length * t];
        for (int r = 0; r < idx.length; r++) {
            double[] row = values[idx[r]];
            System.arraycopy(row, 0, flat, r * t, row.length);
        }
        return m.create(flat, new Shape(idx.length, t));
    }

    /** Per-sequence scalars picked by {@code idx} as a float64 [idx.length] array. */
    static NDArray picked(NDManager m, double[] values, int[] idx) {
        double[] out = new double[idx.length];
        for (int r = 0; r < idx.length; r++) {
            out[r] = values[idx[r]];
        }
        return m.create(out);
    }

    static List<int[]> pick(List<int[]> seqs, int[] idx) {
        List<int[]> out = new ArrayList<>(idx.length);
        for (int i : idx) {
            out.add(seqs.get(i));
        }
        return out;
    }

    static int maxLength(List<int[]> seqs) {
        return seqs.stream().mapToInt(s -> s.length).max().orElse(0);
    }

    /**
     * Sets every parameter's accumulated gradient to zero (PyTorch accumulates across backward
     * calls).
     */
    static void zeroGradients(Map<String, NDArray> params) {
        for (NDArray p : params.values()) {
            if (p.hasGradient()) {
                JniUtils.zeroGrad((PtNDArray) p);
            }
        }
    }

    /** The indices from, from + 1, ..., to − 1. */
    static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
