package dev.agent0.eval.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void unbiasedPassAtKMatchesHandComputedBinomials() {
        // n=4, c=1, k=2: 1 − C(3,2)/C(4,2) = 1 − 3/6 = 0.5.
        assertEquals(0.5, Metrics.passAtK(4, 1, 2), 1e-12);
        // n=10, c=3, k=1: c/n = 0.3.
        assertEquals(0.3, Metrics.passAtK(10, 3, 1), 1e-12);
        // n=5, c=2, k=3: 1 − C(3,3)/C(5,3) = 1 − 1/10 = 0.9.
        assertEquals(0.9, Metrics.passAtK(5, 2, 3), 1e-12);
        // n−c < k: some correct sample is always drawn.
        assertEquals(1.0, Metrics.passAtK(4, 3, 2));
        assertEquals(0.0, Metrics.passAtK(4, 0, 4));
    }

    @Test
    void badArgumentsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> Metrics.passAtK(4, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> Metrics.passAtK(4, 1, 5));
    }

    @Test
    void aggregatesOverItemsAndSkipsUnreadableGold() {
        // Item a: 1 of 4 correct, majority wrong. Item b: 3 of 4 correct, majority right.
        // pass@1 = (1/4 + 3/4)/2 = 0.5; maj@4 = 1/2; pass@2 = (0.5 + 1)/2 = 0.75; pass@4 = 1.
        ItemResult a = item("a", null, List.of(true, false, false, false), false);
        ItemResult b = item("b", null, List.of(true, true, false, true), true);
        ItemResult bad = item("bad", "gold unreadable", List.of(false, false, false, false), false);
        Metrics m = Metrics.of(List.of(a, b, bad));
        assertEquals(2, m.items());
        assertEquals(0.5, m.pass1(), 1e-12);
        assertEquals(0.5, m.majority(), 1e-12);
        assertEquals(Map.of(1, 0.5, 2, 0.75, 4, 1.0), m.passAtK());
        assertEquals(Map.of("value", 0.5), m.pass1ByGrader());
    }

    private static ItemResult item(
            String id, String goldError, List<Boolean> correct, boolean maj) {
        int c = (int) correct.stream().filter(x -> x).count();
        List<String> four = List.of("r", "r", "r", "r");
        return new ItemResult(
                id,
                "Algebra",
                1,
                "1",
                goldError,
                four,
                four,
                correct,
                Map.of("value", c),
                "1",
                maj,
                0.5);
    }
}
