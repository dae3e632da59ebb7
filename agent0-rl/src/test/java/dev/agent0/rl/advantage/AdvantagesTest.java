package dev.agent0.rl.advantage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent0.eval.consistency.PHat;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdvantagesTest {
    private static final double EPS = 1e-6;

    @Test
    void grpoNormalisesByUnbiasedStdPlusEpsilon() {
        // Rewards {1, 0, 0}: mean 1/3; unbiased variance ((2/3)² + 2·(1/3)²)/2 = 1/3, std =
        // 0.5773503.
        double std = 0.5773502691896258;
        double[] a = Advantages.grpo(new double[] {1, 0, 0}, new int[] {0, 0, 0});
        assertArrayEquals(
                new double[] {
                    (2.0 / 3) / (std + EPS), (-1.0 / 3) / (std + EPS), (-1.0 / 3) / (std + EPS)
                },
                a,
                1e-12);
        assertEquals(1.1547, a[0], 1e-4);
    }

    @Test
    void groupsAreIndependentAndEqualRewardsGiveZeroAdvantage() {
        // Group 0 {1, 1}: all equal, no signal. Group 1 {0, 1}: mean 0.5, std √0.5 = 0.7071068.
        double[] a = Advantages.grpo(new double[] {1, 0, 1, 1}, new int[] {0, 1, 1, 0});
        double s = Math.sqrt(0.5) + EPS;
        assertArrayEquals(new double[] {0, -0.5 / s, 0.5 / s, 0}, a, 1e-12);
    }

    @Test
    void singletonGroupHasMeanZeroStdOne() {
        // verl: a group of one has mean 0 and std 1, so Â = R/(1 + 1e-6); Dr.GRPO gives R.
        assertArrayEquals(
                new double[] {0.7 / (1 + EPS)},
                Advantages.grpo(new double[] {0.7}, new int[] {0}),
                1e-15);
        assertArrayEquals(new double[] {0.7}, Advantages.drGrpo(new double[] {0.7}, new int[] {0}));
    }

    @Test
    void drGrpoOnlyCentres() {
        // Rewards {1, 0, 0}: mean-centred advantages {2/3, −1/3, −1/3}, no std division.
        assertArrayEquals(
                new double[] {2.0 / 3, -1.0 / 3, -1.0 / 3},
                Advantages.drGrpo(new double[] {1, 0, 0}, new int[] {0, 0, 0}),
                1e-15);
    }

    @Test
    void adpoScalesGrpoAdvantageByAmbiguity() {
        // Group 0 has p̂ = 0.55, s = 0.6 + 0.4·(0.25/0.5) = 0.8; group 1 has p̂ = 0.2, s = 0.6.
        double s1 = Math.sqrt(0.5) + EPS;
        double[] a =
                Advantages.adpo(
                        new double[] {1, 0, 1, 0},
                        new int[] {0, 0, 1, 1},
                        pHats(0.55, 0.2),
                        Ambiguity.defaults());
        assertArrayEquals(
                new double[] {0.8 * 0.5 / s1, -0.8 * 0.5 / s1, 0.6 * 0.5 / s1, -0.6 * 0.5 / s1},
                a,
                1e-12);
        assertArrayEquals(
                a,
                AdvantageEstimator.ADPO.compute(
                        new double[] {1, 0, 1, 0},
                        new int[] {0, 0, 1, 1},
                        pHats(0.55, 0.2),
                        Ambiguity.defaults()));
    }

    @Test
    void adpoScaleCurveAtReferencePoints() {
        // s(p̂) = 0.6 + 0.4·clamp((p̂ − 0.3)/0.5, 0, 1).
        Ambiguity amb = Ambiguity.defaults();
        double[] p = {0, 0.3, 0.55, 0.8, 1};
        double[] expected = {0.6, 0.6, 0.8, 1.0, 1.0};
        for (int i = 0; i < p.length; i++) {
            assertEquals(expected[i], amb.scale(new PHat(p[i])), 1e-12, "s(" + p[i] + ")");
        }
    }

    @Test
    void adpoClipHighCurveAtReferencePoints() {
        // ε_high(p̂) = 0.2 + 0.1·clamp((0.8 − p̂)/0.5, 0, 1).
        Ambiguity amb = Ambiguity.defaults();
        double[] p = {0, 0.3, 0.55, 0.8, 1};
        double[] expected = {0.3, 0.3, 0.25, 0.2, 0.2};
        for (int i = 0; i < p.length; i++) {
            assertEquals(
                    expected[i], amb.clipHigh(0.2, new PHat(p[i])), 1e-12, "ε_high(" + p[i] + ")");
        }
    }

    @Test
    void grpoAndDrGrpoIgnorePHat() {
        double[] r = {1, 0};
        int[] g = {0, 0};
        assertArrayEquals(
                Advantages.grpo(r, g),
                AdvantageEstimator.GRPO.compute(r, g, List.of(), Ambiguity.defaults()));
        assertArrayEquals(
                Advantages.drGrpo(r, g),
                AdvantageEstimator.DR_GRPO.compute(r, g, List.of(), Ambiguity.defaults()));
    }

    @Test
    void badInputNamesTheField() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new PHat(1.5));
        assertTrue(e.getMessage().contains("pHat = 1.5"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Advantages.grpo(new double[] {1, 0}, new int[] {0}));
        assertTrue(e.getMessage().contains("groups.length"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Ambiguity(0.8, 0.3, 0.6, 0.1));
        assertTrue(e.getMessage().startsWith("hi = 0.3"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                Advantages.adpo(
                                        new double[] {1},
                                        new int[] {2},
                                        pHats(0.5),
                                        Ambiguity.defaults()));
        assertTrue(e.getMessage().contains("groups[0] = 2"), e.getMessage());
    }

    private static List<PHat> pHats(double... values) {
        return Arrays.stream(values).mapToObj(PHat::new).toList();
    }
}
