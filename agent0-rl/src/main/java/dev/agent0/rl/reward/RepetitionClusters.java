package dev.agent0.rl.reward;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Groups near-duplicate problems of one curriculum batch by BLEU distance, for the repetition
 * penalty (AGENT0-SPEC.md section 2).
 *
 * <p>Distance d_ij = 1 − BLEU(x_i, x_j), computed for j ≥ i (x_i the hypothesis) and mirrored, as
 * the reference code does. Clusters come from average-linkage agglomerative clustering that merges
 * the closest pair while their average distance is below τ — the semantics of scikit-learn's {@code
 * AgglomerativeClustering(linkage="average", distance_threshold=τ)}. Ties between equally close
 * pairs merge the pair with the smallest indices first, so the result is deterministic.
 */
public final class RepetitionClusters {
    private RepetitionClusters() {}

    /** The symmetric BLEU distance matrix of {@code texts} (zero diagonal). */
    public static double[][] distances(List<String> texts) {
        int b = texts.size();
        List<List<String>> tokens = new ArrayList<>(b);
        for (String t : texts) {
            tokens.add(Bleu.tokens(t));
        }
        double[][] d = new double[b][b];
        for (int i = 0; i < b; i++) {
            for (int j = i + 1; j < b; j++) {
                d[i][j] = 1.0 - Bleu.sentence(tokens.get(i), tokens.get(j));
                d[j][i] = d[i][j];
            }
        }
        return d;
    }

    /**
     * Cluster label of every item, labels numbered 0.. in order of first appearance.
     *
     * @param distances symmetric matrix with zero diagonal
     * @param tau merge while the average-linkage distance is strictly below τ
     */
    public static int[] cluster(double[][] distances, double tau) {
        int b = distances.length;
        List<List<Integer>> clusters = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            clusters.add(new ArrayList<>(List.of(i)));
        }
        while (clusters.size() > 1) {
            int bestA = -1;
            int bestB = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int a = 0; a < clusters.size(); a++) {
                for (int c = a + 1; c < clusters.size(); c++) {
                    double avg = averageLinkage(distances, clusters.get(a), clusters.get(c));
                    if (avg < best) {
                        best = avg;
                        bestA = a;
                        bestB = c;
                    }
                }
            }
            if (!(best < tau)) {
                break;
            }
            clusters.get(bestA).addAll(clusters.remove(bestB));
        }
        int[] labels = new int[b];
        Arrays.fill(labels, -1);
        int next = 0;
        for (int i = 0; i < b; i++) {
            if (labels[i] >= 0) {
                continue;
            }
            for (List<Integer> c : clusters) {
                if (c.contains(i)) {
                    for (int member : c) {
                        labels[member] = next;
                    }
                }
            }
            next++;
        }
        return labels;
    }

    /** Size of each item's cluster, |C(x_i)|. */
    public static int[] clusterSizes(int[] labels) {
        int[] counts = new int[labels.length];
        for (int l : labels) {
            counts[l]++;
        }
        int[] sizes = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            sizes[i] = counts[labels[i]];
        }
        return sizes;
    }

    private static double averageLinkage(double[][] d, List<Integer> a, List<Integer> c) {
        double sum = 0;
        for (int i : a) {
            for (int j : c) {
                sum += d[i][j];
            }
        }
        return sum / (a.size() * (double) c.size());
    }
}
