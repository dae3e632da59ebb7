package dev.agent0.rl.reward;

import java.util.List;

/**
 * R_rep(x_i) = λ_rep·|C(x_i)|/B: a problem in a cluster of near-duplicates (BLEU distance, average
 * linkage, threshold τ) is penalised in proportion to its cluster's share of the batch.
 */
public final class RepetitionPenalty {
    private RepetitionPenalty() {}

    /** Penalty per problem of one batch of B questions. */
    public static double[] of(List<String> questions, double lambdaRep, double tau) {
        int b = questions.size();
        double[] penalty = new double[b];
        if (b == 0) {
            return penalty;
        }
        int[] sizes =
                RepetitionClusters.clusterSizes(
                        RepetitionClusters.cluster(RepetitionClusters.distances(questions), tau));
        for (int i = 0; i < b; i++) {
            penalty[i] = lambdaRep * sizes[i] / b;
        }
        return penalty;
    }
}
