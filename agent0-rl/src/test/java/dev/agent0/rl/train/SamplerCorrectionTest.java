package dev.agent0.rl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Hand-computed truncated importance weights and mismatch statistics. */
class SamplerCorrectionTest {
    // d = old − sampling on unmasked tokens: {0.5, −1.5} and {1.0}; the masked token's 9 ignored.
    static final double[][] OLD = {{-1.0, -2.0, -0.1}, {-0.5, -3.0}};
    static final float[][] SAMPLING = {{-1.5f, -0.5f, -9.1f}, {-1.5f, -3.0f}};
    static final double[][] MASK = {{1, 1, 0}, {1, 0}};

    @Test
    void weightsAreTheRatioTruncatedAtTheCap() {
        SamplerCorrection c = SamplerCorrection.of(OLD, SAMPLING, MASK, 2.0);
        // e^0.5 = 1.6487212707, e^−1.5 = 0.2231301601, e^1 = 2.718 > 2 → 2; masked → 0.
        assertArrayEquals(new double[] {1.6487212707, 0.2231301601, 0}, c.weights()[0], 1e-9);
        assertArrayEquals(new double[] {2.0, 0}, c.weights()[1], 1e-12);
        assertEquals(1.0 / 3, c.metrics().truncatedShare(), 1e-12);
        assertEquals((0.5 - 1.5 + 1.0) / 3, c.metrics().logRatioMean(), 1e-7);
        assertEquals(1.5, c.metrics().logRatioMax(), 1e-7);
        assertEquals(2.0, c.metrics().correctionCap());
    }

    @Test
    void offReportsTheMismatchWithoutWeights() {
        SamplerCorrection c = SamplerCorrection.of(OLD, SAMPLING, MASK, 0);
        assertNull(c.weights());
        assertEquals(0, c.metrics().truncatedShare());
        assertEquals(1.5, c.metrics().logRatioMax(), 1e-7);
    }

    @Test
    void aHugeRatioIsCappedWithoutOverflow() {
        SamplerCorrection c =
                SamplerCorrection.of(
                        new double[][] {{-0.01}},
                        new float[][] {{-5000f}},
                        new double[][] {{1}},
                        3);
        assertEquals(3.0, c.weights()[0][0], 1e-12);
        assertEquals(1.0, c.metrics().truncatedShare());
    }
}
