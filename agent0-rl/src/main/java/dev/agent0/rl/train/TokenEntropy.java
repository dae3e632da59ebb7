package dev.agent0.rl.train;

/**
 * The mean entropy of the policy over the loss-masked tokens of a rollout batch (a metric), added
 * up as the passes that compute it go: the scoring pass before the update, or the training pass
 * itself when the update is on-policy and no separate scoring pass runs.
 */
final class TokenEntropy {
    private double sum;
    private long count;

    /**
     * Adds tokens {@code from .. to − 1} of the sequences {@code rows} (indices into {@code mask}):
     * {@code entropies} is [rows.length, to − from] row-major; entries whose token is not in the
     * mask (prompt, padding, past a sequence's end) are ignored.
     */
    void add(double[] entropies, int[] rows, double[][] mask, int from, int to) {
        int n = to - from;
        for (int r = 0; r < rows.length; r++) {
            double[] m = mask[rows[r]];
            for (int j = 0; j < n; j++) {
                int t = from + j;
                if (t < m.length && m[t] > 0) {
                    sum += entropies[r * n + j];
                    count++;
                }
            }
        }
    }

    /** The mean over the tokens added so far; 0 when there are none. */
    double mean() {
        return count == 0 ? 0 : sum / count;
    }
}
