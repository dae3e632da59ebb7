package dev.agent0.core.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The Java sampler on hand-computed distributions (no engine needed). */
class SamplerTest {
    // p = {0.5, 0.3, 0.2} at temperature 1.
    static final float[] LOGITS = {
        (float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.2)
    };

    static double[] frequencies(SamplingConfig cfg, int n) {
        Sampler s = new Sampler(cfg, 0);
        double[] f = new double[3];
        for (int i = 0; i < n; i++) {
            f[s.sample(LOGITS, 0, 3).token()] += 1.0 / n;
        }
        return f;
    }

    @Test
    void temperatureOneFollowsTheModelDistribution() {
        double[] f = frequencies(new SamplingConfig(1.0, 0, 1.0, 5), 60_000);
        assertEquals(0.5, f[0], 0.01);
        assertEquals(0.3, f[1], 0.01);
        assertEquals(0.2, f[2], 0.01);
    }

    @Test
    void temperatureTwoFlattens() {
        // q ∝ p^(1/2): √.5, √.3, √.2 = .7071, .5477, .4472; sum 1.7020 → .4155, .3218, .2628.
        double[] f = frequencies(new SamplingConfig(2.0, 0, 1.0, 5), 60_000);
        assertEquals(0.4155, f[0], 0.01);
        assertEquals(0.3218, f[1], 0.01);
        assertEquals(0.2628, f[2], 0.01);
    }

    @Test
    void topPKeepsTheSmallestNucleusAndRenormalises() {
        // top-p 0.6: 0.5 < 0.6, 0.5 + 0.3 ≥ 0.6 → {0, 1} with q = 5/8, 3/8.
        double[] f = frequencies(new SamplingConfig(1.0, 0, 0.6, 9), 40_000);
        assertEquals(0.625, f[0], 0.01);
        assertEquals(0.375, f[1], 0.01);
        assertEquals(0.0, f[2]);
        Sampler s = new Sampler(new SamplingConfig(1.0, 0, 0.6, 9), 0);
        Sampler.Choice c = s.sample(LOGITS, 0, 3);
        double q = c.token() == 0 ? 0.625 : 0.375;
        assertEquals(Math.log(q), c.samplingLogProb(), 1e-6);
        assertEquals(LOGITS[c.token()], c.logProb(), 1e-6); // model log p at temperature 1
    }

    @Test
    void topKOneAndTopPTinyAreGreedy() {
        assertEquals(1.0, frequencies(new SamplingConfig(1.0, 1, 1.0, 1), 1000)[0], 1e-9);
        assertEquals(1.0, frequencies(new SamplingConfig(1.0, 0, 0.1, 1), 1000)[0], 1e-9);
        assertEquals(
                1.0,
                frequencies(new SamplingConfig(1.0, 2, 1.0, 1), 10_000)[0]
                        + frequencies(new SamplingConfig(1.0, 2, 1.0, 1), 10_000)[1],
                1e-9);
    }

    @Test
    void streamsDependOnSeedAndRow() {
        float[] flat = new float[100];
        Sampler a = new Sampler(new SamplingConfig(1.0, 0, 1.0, 3), 0);
        Sampler b = new Sampler(new SamplingConfig(1.0, 0, 1.0, 3), 0);
        Sampler c = new Sampler(new SamplingConfig(1.0, 0, 1.0, 3), 1);
        StringBuilder sa = new StringBuilder();
        StringBuilder sb = new StringBuilder();
        StringBuilder sc = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sa.append(a.sample(flat, 0, 100).token()).append(',');
            sb.append(b.sample(flat, 0, 100).token()).append(',');
            sc.append(c.sample(flat, 0, 100).token()).append(',');
        }
        assertEquals(sa.toString(), sb.toString());
        assertNotEquals(sa.toString(), sc.toString());
    }

    @Test
    void prunedSortingIsExactOnALargeVocabulary() {
        // 150k tokens: one at logit 10, the rest spread; top-p over a wide nucleus uses the
        // fallback.
        int v = 150_000;
        float[] l = new float[v];
        java.util.SplittableRandom r = new java.util.SplittableRandom(2);
        for (int i = 0; i < v; i++) {
            l[i] = (float) r.nextGaussian();
        }
        SamplingConfig cfg = new SamplingConfig(1.0, 0, 0.999, 4);
        Sampler s = new Sampler(cfg, 0);
        double[] p = new double[v];
        double max = 0;
        for (float x : l) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (int i = 0; i < v; i++) {
            p[i] = Math.exp(l[i] - max);
            sum += p[i];
        }
        int[] kept = s.keptTokens(p, sum);
        // Independent check: the kept set is the top |kept| tokens and its mass first reaches
        // 0.999.
        double[] sorted = p.clone();
        java.util.Arrays.sort(sorted);
        double acc = 0;
        int n = 0;
        for (int i = v - 1; i >= 0 && acc < 0.999 * sum; i--) {
            acc += sorted[i];
            n++;
        }
        assertEquals(n, kept.length);
    }

    @Test
    void invalidSettingsAreRejectedByName() {
        assertThrows(IllegalArgumentException.class, () -> new SamplingConfig(-1, 0, 1, 0));
        var e = assertThrows(IllegalArgumentException.class, () -> new SamplingConfig(1, 0, 0, 0));
        assertEquals("topP = 0.0, must be in (0, 1]", e.getMessage());
    }
}
