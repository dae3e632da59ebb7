package dev.agent0.rl.train;

import dev.agent0.rl.Checks;
import java.util.Arrays;
import java.util.List;

/**
 * The rollouts of one policy update: B sequences in G groups (one group per problem).
 *
 * <p>Each sequence holds prompt + response token ids, a per-token loss mask (1 on sampled response
 * tokens; 0 on prompt, tool-observation and padding tokens) and the sampling policy's log-probs,
 * aligned with the tokens: entry t is log p(tokens[t] | tokens[&lt;t]); entry 0 has no context, so
 * its mask must be 0. Each group carries its self-consistency p̂ (read by ADPO only).
 *
 * @param sequences the rollouts, at least 1
 * @param pHat      p̂ per group id; every sequence's group must index it
 */
public record RolloutBatch(List<Sequence> sequences, double[] pHat) {
    public RolloutBatch {
        Checks.arg(sequences != null && !sequences.isEmpty(), "sequences is empty");
        Checks.arg(pHat != null, "pHat = null");
        for (int g = 0; g < pHat.length; g++) {
            Checks.arg(Checks.within(pHat[g], 0, 1), "pHat[%s] = %s, must be in [0, 1]", g, pHat[g]);
        }
        for (int i = 0; i < sequences.size(); i++) {
            Sequence s = sequences.get(i);
            Checks.arg(s != null, "sequences[%s] = null", i);
            Checks.arg(s.group() < pHat.length,
                    "sequences[%s].group = %s, but pHat has only %s groups", i, s.group(), pHat.length);
        }
        sequences = List.copyOf(sequences);
        pHat = pHat.clone();
    }

    /** Number of sequences B. */
    public int size() {
        return sequences.size();
    }

    /** Unmasked (trained) tokens over all sequences. */
    public long trainedTokens() {
        return sequences.stream().mapToLong(Sequence::trainedTokens).sum();
    }

    /** Tokens over all sequences (what a forward pass reads). */
    public long totalTokens() {
        return sequences.stream().mapToLong(s -> s.tokens().length).sum();
    }

    /** Rewards in sequence order. */
    public double[] rewards() {
        return sequences.stream().mapToDouble(Sequence::reward).toArray();
    }

    /** Group ids in sequence order. */
    public int[] groups() {
        return sequences.stream().mapToInt(Sequence::group).toArray();
    }

    /**
     * One rollout.
     *
     * @param tokens           prompt + response token ids, at least 2
     * @param lossMask         per token, 0 or 1; 0 at index 0 (no context to predict it from)
     * @param samplingLogProbs per token, log-prob under the policy that sampled it; finite and &lt;= 0
     *                         where the mask is 1 (other entries are ignored)
     * @param group            the problem's group id, >= 0
     * @param reward           finite reward
     */
    public record Sequence(int[] tokens, float[] lossMask, float[] samplingLogProbs, int group,
            double reward) {
        public Sequence {
            Checks.arg(tokens != null && tokens.length >= 2, "tokens: need at least 2 tokens, got %s",
                    tokens == null ? "null" : tokens.length);
            Checks.arg(lossMask != null && lossMask.length == tokens.length,
                    "lossMask has length %s, tokens has %s",
                    lossMask == null ? "null" : lossMask.length, tokens.length);
            Checks.arg(samplingLogProbs != null && samplingLogProbs.length == tokens.length,
                    "samplingLogProbs has length %s, tokens has %s",
                    samplingLogProbs == null ? "null" : samplingLogProbs.length, tokens.length);
            Checks.arg(group >= 0, "group = %s, must be >= 0", group);
            Checks.arg(Double.isFinite(reward), "reward = %s, must be finite", reward);
            Checks.arg(lossMask[0] == 0, "lossMask[0] = %s, must be 0 (the first token has no context)",
                    lossMask[0]);
            for (int t = 0; t < tokens.length; t++) {
                Checks.arg(tokens[t] >= 0, "tokens[%s] = %s, must be >= 0", t, tokens[t]);
                Checks.arg(lossMask[t] == 0 || lossMask[t] == 1, "lossMask[%s] = %s, must be 0 or 1",
                        t, lossMask[t]);
                Checks.arg(lossMask[t] == 0 || (Float.isFinite(samplingLogProbs[t])
                        && samplingLogProbs[t] <= 0), "samplingLogProbs[%s] = %s, must be finite and <= 0",
                        t, samplingLogProbs[t]);
            }
            tokens = tokens.clone();
            lossMask = lossMask.clone();
            samplingLogProbs = samplingLogProbs.clone();
        }

        /** A prompt + response sequence: the mask is 1 from {@code responseStart} on. */
        public static Sequence ofResponse(int[] tokens, int responseStart, float[] samplingLogProbs,
                int group, double reward) {
            Checks.arg(responseStart >= 1 && tokens != null && responseStart < tokens.length,
                    "responseStart = %s, must be in [1, %s)", responseStart,
                    tokens == null ? "?" : tokens.length);
            float[] mask = new float[tokens.length];
            Arrays.fill(mask, responseStart, tokens.length, 1f);
            return new Sequence(tokens, mask, samplingLogProbs, group, reward);
        }

        /** Tokens with mask 1. */
        public long trainedTokens() {
            long n = 0;
            for (float m : lossMask) {
                n += m > 0 ? 1 : 0;
            }
            return n;
        }
    }
}
