package dev.agent0.examples.tinyworld.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The label-free collapse monitors: every numeric field of {@code metrics.jsonl} lines with {@code
 * phase = monitors}, averaged per iteration. The report takes whatever fields appear (the monitors'
 * names are not fixed here); {@code iteration}, {@code step} and {@code seconds} are bookkeeping,
 * not monitors.
 *
 * @param values iteration → field → mean over that iteration's monitor lines; fields in first-seen
 *     order
 */
public record Monitors(Map<Integer, Map<String, Double>> values) {
    public static final String PHASE = "monitors";
    private static final Set<String> BOOKKEEPING = Set.of("iteration", "step", "seconds");

    public static Monitors of(List<JsonNode> metrics) {
        Map<Integer, Map<String, double[]>> sums = new TreeMap<>(); // field -> {sum, count}
        for (JsonNode l : metrics) {
            if (!PHASE.equals(RunLogs.text(l, "phase"))) {
                continue;
            }
            Map<String, double[]> m =
                    sums.computeIfAbsent(RunLogs.iteration(l), t -> new LinkedHashMap<>());
            for (Iterator<Map.Entry<String, JsonNode>> it = l.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNumber() && !BOOKKEEPING.contains(e.getKey())) {
                    double[] s = m.computeIfAbsent(e.getKey(), k -> new double[2]);
                    s[0] += e.getValue().asDouble();
                    s[1]++;
                }
            }
        }
        Map<Integer, Map<String, Double>> means = new TreeMap<>();
        sums.forEach(
                (t, m) -> {
                    Map<String, Double> row = new LinkedHashMap<>();
                    m.forEach((f, s) -> row.put(f, s[0] / s[1]));
                    means.put(t, row);
                });
        return new Monitors(means);
    }

    /** Every monitor field, in first-seen order. */
    public List<String> fields() {
        List<String> out = new ArrayList<>();
        values.values()
                .forEach(m -> m.keySet().stream().filter(f -> !out.contains(f)).forEach(out::add));
        return out;
    }

    /** True when every value of {@code field} lies in [0, 1] (a rate, plotted on its own chart). */
    public boolean isRate(String field) {
        return values.values().stream()
                .map(m -> m.get(field))
                .filter(v -> v != null)
                .allMatch(v -> v >= 0 && v <= 1);
    }
}
