package dev.agent0.rl.train;

import java.util.Arrays;
import java.util.List;

/**
 * How a shuffled rollout batch is cut into the mini-batches of one epoch (verl's {@code
 * ppo_mini_batch_size}, expressed as a count): contiguous pieces of nearly equal size, so every
 * sequence is in exactly one update per epoch.
 */
final class MiniBatches {
    private MiniBatches() {}

    /** {@code order} cut into {@code parts} contiguous pieces whose sizes differ by at most one. */
    static List<int[]> split(int[] order, int parts) {
        if (parts > order.length) {
            throw new IllegalArgumentException(
                    String.format(
                            "miniBatches = %d, but the rollout batch has only %d sequences",
                            parts, order.length));
        }
        int[][] out = new int[parts][];
        int from = 0;
        for (int k = 0; k < parts; k++) {
            int size = order.length / parts + (k < order.length % parts ? 1 : 0);
            out[k] = Arrays.copyOfRange(order, from, from + size);
            from += size;
        }
        return List.of(out);
    }
}
