package dev.agent0.rl.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Hand-computed sentence BLEU-4 values (NLTK semantics, smoothing method 1, ε = 0.1). Each value
 * was also checked against NLTK 3.8 (Debian python3-nltk) {@code sentence_bleu([ref.split()],
 * hyp.split(), smoothing_function=SmoothingFunction().method1)}.
 */
class BleuTest {

    @Test
    void identicalSentencesScoreOne() {
        assertEquals(1.0, Bleu.sentence("the cat sat on the mat", "the cat sat on the mat"), 1e-12);
    }

    @Test
    void missingFourGramIsSmoothedWithEpsilon() {
        // p1 = 3/4, p2 = 2/3, p3 = 1/2, p4 = 0/1 -> 0.1/1; equal lengths so BP = 1.
        // BLEU = (0.75 * 2/3 * 0.5 * 0.1)^(1/4) = 0.025^(1/4).
        assertEquals(Math.pow(0.025, 0.25), Bleu.sentence("a b c d", "a b c e"), 1e-12);
        assertEquals(0.3976353643835253, Bleu.sentence("a b c d", "a b c e"), 1e-12);
    }

    @Test
    void shortHypothesisPaysBrevityPenalty() {
        // p1 = 2/2, p2 = 1/1, p3 = 0/max(1,0) -> 0.1, p4 -> 0.1; BP = exp(1 - 4/2) = e^-1.
        assertEquals(Math.exp(-1) * Math.sqrt(0.1), Bleu.sentence("a b", "a b c d"), 1e-12);
    }

    @Test
    void longHypothesisHasNoBrevityPenalty() {
        // p1 = 3/5, p2 = 2/4, p3 = 1/3, p4 = 0/2 -> 0.1/2 = 0.05; BP = 1.
        double expected = Math.pow(0.6 * 0.5 * (1.0 / 3) * 0.05, 0.25);
        assertEquals(expected, Bleu.sentence("a b c d e", "a b c"), 1e-12);
    }

    @Test
    void clippedCountsLimitRepeatedWords() {
        // hyp "the the the the", ref "the cat": p1 = min(4,1)/4 = 1/4; p2..p4 = 0 -> 0.1/3, 0.1/2,
        // 0.1/1.
        // BP = 1 (c = 4 > r = 2).
        double expected = Math.pow(0.25 * (0.1 / 3) * (0.1 / 2) * 0.1, 0.25);
        assertEquals(expected, Bleu.sentence("the the the the", "the cat"), 1e-12);
    }

    @Test
    void noUnigramMatchScoresZeroEvenWithSmoothing() {
        assertEquals(0.0, Bleu.sentence("x y z", "a b c"), 0.0);
        assertEquals(0.0, Bleu.sentence("", "a b c"), 0.0);
    }
}
