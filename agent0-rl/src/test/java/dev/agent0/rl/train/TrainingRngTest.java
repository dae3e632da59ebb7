package dev.agent0.rl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainingRngTest {
    @Test
    void matchesTheSplitMix64ReferenceOutput() {
        // First outputs of Vigna's splitmix64.c with x = 0 (published test vector).
        TrainingRng r = TrainingRng.seeded(0);
        assertEquals(0xe220a8397b1dcdafL, r.nextLong());
        assertEquals(0x6e789e6aa1b965f4L, r.nextLong());
        // Same mixing as the JDK's SplittableRandom with the default gamma.
        SplittableRandom jdk = new SplittableRandom(42);
        TrainingRng mine = TrainingRng.seeded(42);
        for (int i = 0; i < 100; i++) {
            assertEquals(jdk.nextLong(), mine.nextLong());
        }
    }

    @Test
    void restoreContinuesTheSameStream() {
        TrainingRng a = TrainingRng.seeded(7);
        a.permutation(10);
        TrainingRng b = TrainingRng.restore(a.state());
        assertArrayEquals(a.permutation(50), b.permutation(50));
    }

    @Test
    void permutationIsAPermutationAndNextIntIsRoughlyUniform() {
        int[] p = TrainingRng.seeded(1).permutation(100);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 100; i++) {
            assertEquals(i, sorted[i]);
        }
        TrainingRng r = TrainingRng.seeded(3);
        int[] counts = new int[3];
        for (int i = 0; i < 30_000; i++) {
            counts[r.nextInt(3)]++;
        }
        for (int c : counts) {
            assertTrue(Math.abs(c - 10_000) < 400, Arrays.toString(counts));
        }
    }
}
