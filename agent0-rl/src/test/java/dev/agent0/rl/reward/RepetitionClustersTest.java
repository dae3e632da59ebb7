package dev.agent0.rl.reward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RepetitionClustersTest {

    @Test
    void averageLinkageMergesWhileBelowTau() {
        double[][] d = {
            {0, .2, .9, .8},
            {.2, 0, .7, .9},
            {.9, .7, 0, .4},
            {.8, .9, .4, 0},
        };
        // Merge {0,1} at .2, then {2,3} at .4; {01}-{23} average = (.9+.8+.7+.9)/4 = .825 >= .5.
        assertArrayEquals(new int[] {0, 0, 1, 1}, RepetitionClusters.cluster(d, 0.5));
        // With tau = .9 the last merge (.825) happens too.
        assertArrayEquals(new int[] {0, 0, 0, 0}, RepetitionClusters.cluster(d, 0.9));
    }

    @Test
    void averageLinkageIsNotSingleLinkage() {
        // Single linkage would pull 2 in at .45; the average {01}-{2} is (.45 + .9)/2 = .675.
        double[][] d = {{0, .2, .45}, {.2, 0, .9}, {.45, .9, 0}};
        assertArrayEquals(new int[] {0, 0, 1}, RepetitionClusters.cluster(d, 0.5));
    }

    @Test
    void distanceAtExactlyTauDoesNotMerge() {
        double[][] d = {{0, .5}, {.5, 0}};
        assertArrayEquals(new int[] {0, 1}, RepetitionClusters.cluster(d, 0.5));
    }

    @Test
    void distancesAreOneMinusBleuAndSymmetric() {
        double[][] d = RepetitionClusters.distances(List.of("a b c d", "a b c e", "x y"));
        assertEquals(1 - Math.pow(0.025, 0.25), d[0][1], 1e-12);
        assertEquals(d[0][1], d[1][0], 0.0);
        assertEquals(1.0, d[0][2], 0.0);
        assertEquals(0.0, d[1][1], 0.0);
    }

    @Test
    void clusterSizesCountMembers() {
        assertArrayEquals(
                new int[] {2, 2, 1}, RepetitionClusters.clusterSizes(new int[] {0, 0, 1}));
    }
}
