package dev.agent0.rl.reward;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sentence-level BLEU-4 as NLTK's {@code sentence_bleu([reference], hypothesis)} computes it, with
 * uniform weights and smoothing "method 1" (ε = 0.1 added to zero n-gram match counts).
 *
 * <p>Details that follow NLTK 3.x exactly: modified (clipped) n-gram precision with denominator
 * {@code max(1, hypothesis n-grams)}; a score of 0 when no unigram matches (before smoothing);
 * brevity penalty {@code exp(1 - r/c)} when the hypothesis is shorter than the reference, 0 for an
 * empty hypothesis. Tokens are whitespace-separated words, as in the Agent0 reference code.
 */
public final class Bleu {
    /** N-gram orders 1..4 with uniform weights 1/4. */
    public static final int MAX_ORDER = 4;

    /** Method-1 smoothing constant (NLTK's default epsilon). */
    public static final double EPSILON = 0.1;

    private Bleu() {}

    /** BLEU-4 of {@code hypothesis} against one {@code reference}, both raw text. */
    public static double sentence(String hypothesis, String reference) {
        return sentence(tokens(hypothesis), tokens(reference));
    }

    /** Whitespace tokenisation ({@code str.split()} in Python). */
    public static List<String> tokens(String text) {
        String t = text.strip();
        return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
    }

    /** BLEU-4 of tokenised {@code hyp} against tokenised {@code ref}. */
    public static double sentence(List<String> hyp, List<String> ref) {
        int[] matches = new int[MAX_ORDER + 1];
        int[] totals = new int[MAX_ORDER + 1];
        for (int n = 1; n <= MAX_ORDER; n++) {
            Map<List<String>, Integer> refCounts = ngramCounts(ref, n);
            Map<List<String>, Integer> hypCounts = ngramCounts(hyp, n);
            int clipped = 0;
            int total = 0;
            for (Map.Entry<List<String>, Integer> e : hypCounts.entrySet()) {
                clipped += Math.min(e.getValue(), refCounts.getOrDefault(e.getKey(), 0));
                total += e.getValue();
            }
            matches[n] = clipped;
            totals[n] = Math.max(1, total);
        }
        if (matches[1] == 0) {
            return 0.0; // NLTK returns 0 before smoothing when no unigram matches.
        }
        double logSum = 0;
        for (int n = 1; n <= MAX_ORDER; n++) {
            double p = matches[n] == 0 ? EPSILON / totals[n] : (double) matches[n] / totals[n];
            logSum += Math.log(p) / MAX_ORDER;
        }
        return brevityPenalty(hyp.size(), ref.size()) * Math.exp(logSum);
    }

    static double brevityPenalty(int hypLen, int refLen) {
        if (hypLen > refLen) {
            return 1.0;
        }
        if (hypLen == 0) {
            return 0.0;
        }
        return Math.exp(1.0 - (double) refLen / hypLen);
    }

    private static Map<List<String>, Integer> ngramCounts(List<String> tokens, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            counts.merge(tokens.subList(i, i + n), 1, Integer::sum);
        }
        return counts;
    }
}
