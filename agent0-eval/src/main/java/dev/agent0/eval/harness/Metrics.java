package dev.agent0.eval.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accuracy metrics over graded items.
 *
 * <ul>
 *   <li>{@code pass@1} = mean over items of c/n (c correct of n samples);
 *   <li>{@code maj@k} = fraction of items whose self-consistency answer is correct;
 *   <li>{@code pass@k} unbiased (Chen et al. 2021, "Evaluating Large Language Models Trained on
 *       Code", eq. 1): mean over items of 1 − C(n−c, k)/C(n, k), for k = 1, 2, 4, … ≤ n.
 * </ul>
 *
 * @param items items counted (gold readable)
 * @param pass1 pass@1 under the value grader
 * @param majority maj@k under the value grader
 * @param passAtK unbiased pass@k by k
 * @param pass1ByGrader pass@1 for each grader, over the items where it applies
 */
public record Metrics(
        int items,
        double pass1,
        double majority,
        Map<Integer, Double> passAtK,
        Map<String, Double> pass1ByGrader) {

    /** 1 − C(n−c, k)/C(n, k), as the numerically stable product 1 − Π_{i=n−c+1..n} (1 − k/i). */
    public static double passAtK(int n, int c, int k) {
        if (k < 1 || k > n || c < 0 || c > n) {
            throw new IllegalArgumentException(
                    "need 0 <= c <= n and 1 <= k <= n, got n=" + n + " c=" + c + " k=" + k);
        }
        if (n - c < k) {
            return 1.0;
        }
        double prod = 1.0;
        for (int i = n - c + 1; i <= n; i++) {
            prod *= 1.0 - (double) k / i;
        }
        return 1.0 - prod;
    }

    public static Metrics of(List<ItemResult> all) {
        List<ItemResult> items = new ArrayList<>();
        for (ItemResult r : all) {
            if (r.goldError() == null) {
                items.add(r);
            }
        }
        int n = items.isEmpty() ? 0 : items.get(0).k();
        double pass1 = 0;
        double maj = 0;
        Map<Integer, Double> passAtK = new TreeMap<>();
        for (int k = 1; k <= n; k *= 2) {
            passAtK.put(k, 0.0);
        }
        if (n > 0 && !passAtK.containsKey(n)) {
            passAtK.put(n, 0.0);
        }
        Map<String, double[]> byGrader = new TreeMap<>();
        for (ItemResult r : items) {
            pass1 += (double) r.numCorrect() / r.k();
            maj += r.majorityCorrect() ? 1 : 0;
            for (int k : passAtK.keySet()) {
                passAtK.merge(k, passAtK(r.k(), r.numCorrect(), k), Double::sum);
            }
            r.correctByGrader()
                    .forEach(
                            (g, c) -> {
                                double[] acc = byGrader.computeIfAbsent(g, x -> new double[2]);
                                acc[0] += (double) c / r.k();
                                acc[1] += 1;
                            });
        }
        int m = items.size();
        passAtK.replaceAll((k, v) -> m == 0 ? 0.0 : v / m);
        Map<String, Double> pass1ByGrader = new TreeMap<>();
        byGrader.forEach((g, acc) -> pass1ByGrader.put(g, acc[0] / acc[1]));
        return new Metrics(m, m == 0 ? 0 : pass1 / m, m == 0 ? 0 : maj / m, passAtK, pass1ByGrader);
    }
}
