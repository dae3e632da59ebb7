package dev.agent0.core.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws one token from a row of logits in Java: temperature, then top-k, then top-p (as Hugging
 * Face's logits processors apply them), then an inverse-CDF draw from a seeded stream.
 *
 * <p>Sorting only the candidates with probability ≥ {@value #PRUNE} of the maximum keeps a
 * 151k-token vocabulary cheap; the result is exact because the nucleus/top-k set is checked to lie
 * inside the candidates, with a full sort as fallback. Not thread-safe (one per sequence).
 */
public final class Sampler {
    static final double PRUNE = 1e-9;
    private final SamplingConfig config;
    private final SplittableRandom random;

    /**
     * A sampler for sequence {@code stream} of a batch: its random stream is derived from (seed,
     * stream).
     */
    public Sampler(SamplingConfig config, int stream) {
        this.config = config;
        this.random = new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + stream);
    }

    /**
     * A chosen token: its id, log p under the model (temperature 1), and log q under the sampling
     * distribution.
     */
    public record Choice(int token, float logProb, float samplingLogProb) {}

    /** Chooses a token from {@code logits[offset, offset + vocab)}. */
    public Choice sample(float[] logits, int offset, int vocab) {
        double max = Double.NEGATIVE_INFINITY;
        int argmax = -1;
        for (int i = 0; i < vocab; i++) {
            if (logits[offset + i] > max) {
                max = logits[offset + i];
                argmax = i;
            }
        }
        double invT = config.isGreedy() ? 1 : 1.0 / config.temperature();
        double[] p = config.isGreedy() ? null : new double[vocab];
        double lse = 0;
        if (invT != 1 || p == null) {
            for (int i = 0; i < vocab; i++) {
                lse += Math.exp(logits[offset + i] - max);
            }
        }
        double logZ = max + Math.log(lse);
        if (config.isGreedy()) {
            return new Choice(argmax, (float) (logits[offset + argmax] - logZ), 0f);
        }
        // Sampling distribution q ∝ exp(logit / T), restricted to top-k and nucleus. At T = 1 its
        // terms and their sum are exactly those of the log-normaliser (x · 1.0 = x): one pass.
        double sum = 0;
        for (int i = 0; i < vocab; i++) {
            p[i] = Math.exp((logits[offset + i] - max) * invT);
            sum += p[i];
        }
        if (invT == 1) {
            lse = sum;
            logZ = max + Math.log(lse);
        }
        boolean everyToken = (config.topK() <= 0 || config.topK() >= vocab) && config.topP() >= 1;
        // Without top-k and top-p every token is kept in id order: the kept mass is the sum above
        // (the same additions in the same order) and the walk needs no index array.
        int[] kept = everyToken ? null : keptTokens(p, sum);
        double keptMass = everyToken ? sum : 0;
        if (!everyToken) {
            for (int t : kept) {
                keptMass += p[t];
            }
        }
        double u = random.nextDouble() * keptMass;
        int n = everyToken ? vocab : kept.length;
        int chosen = everyToken ? vocab - 1 : kept[n - 1];
        double acc = 0;
        for (int i = 0; i < n; i++) {
            int t = everyToken ? i : kept[i];
            acc += p[t];
            if (u < acc) {
                chosen = t;
                break;
            }
        }
        return new Choice(
                chosen,
                (float) (logits[offset + chosen] - logZ),
                (float) Math.log(p[chosen] / keptMass));
    }

    /** Tokens allowed by top-k and top-p, most likely first (all tokens when both are off). */
    int[] keptTokens(double[] p, double sum) {
        int k = config.topK() > 0 ? Math.min(config.topK(), p.length) : p.length;
        boolean nucleus = config.topP() < 1;
        if (k == p.length && !nucleus) {
            int[] all = new int[p.length];
            Arrays.setAll(all, i -> i);
            return all;
        }
        double threshold = PRUNE; // p is scaled so that the top token has 1
        int[] order = sortedAbove(p, threshold);
        int[] kept = cut(order, p, sum, k, nucleus);
        if (kept == null) {
            kept = cut(sortedAbove(p, -1), p, sum, k, nucleus);
        }
        return kept;
    }

    /**
     * Prefix of {@code order} kept by top-k then top-p, or null when it might extend past {@code
     * order}.
     */
    private int[] cut(int[] order, double[] p, double sum, int k, boolean nucleus) {
        if (k < p.length && order.length < k && order.length < p.length) {
            return null; // some of the top k were pruned
        }
        int n = Math.min(k, order.length);
        if (nucleus) {
            // HF applies top-p to the top-k-renormalised distribution.
            double kMass = 0;
            for (int i = 0; i < Math.min(k, order.length); i++) {
                kMass += p[order[i]];
            }
            double total = k < p.length ? kMass : sum;
            double acc = 0;
            int i = 0;
            while (i < n) {
                acc += p[order[i]];
                i++;
                if (acc >= config.topP() * total) {
                    return Arrays.copyOf(order, i);
                }
            }
            if (order.length < p.length && n == order.length) {
                return null;
            }
            return Arrays.copyOf(order, n);
        }
        if (n < k && order.length < p.length) {
            return null;
        }
        return Arrays.copyOf(order, n);
    }

    /** Ids with p above {@code threshold}, sorted by p descending (ties by id). */
    private static int[] sortedAbove(double[] p, double threshold) {
        long[] packed = new long[p.length];
        int n = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > threshold) {
                // p in (0, 1]: the float bits order like the values; negate for descending order.
                packed[n++] = ((long) -Float.floatToIntBits((float) p[i]) << 32) | i;
            }
        }
        long[] s = Arrays.copyOf(packed, n);
        Arrays.sort(s);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = (int) s[i];
        }
        return ids;
    }
}
