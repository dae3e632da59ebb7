package dev.agent0.examples.tinyworld.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Wall time per phase and iteration: the sum of {@code seconds} over {@code metrics.jsonl} lines by
 * their {@code phase} (curriculum, curation, executor, and any other phase logged), plus {@code
 * eval.jsonl} lines as phase {@code evaluation} (iteration 0 is the evaluation before training).
 *
 * @param seconds iteration → phase → seconds; phases in first-seen order
 */
public record PhaseTimes(Map<Integer, Map<String, Double>> seconds) {
    public static final String EVALUATION = "evaluation";
    private static final List<String> LOOP_ORDER = List.of("curriculum", "curation", "executor");

    /** Sums the logs' seconds. Lines without a number of seconds are skipped. */
    public static PhaseTimes of(List<JsonNode> metrics, List<JsonNode> eval) {
        Map<Integer, Map<String, Double>> s = new TreeMap<>();
        for (JsonNode l : metrics) {
            add(s, RunLogs.iteration(l), RunLogs.text(l, "phase"), RunLogs.number(l, "seconds"));
        }
        for (JsonNode l : eval) {
            add(s, RunLogs.iteration(l), EVALUATION, RunLogs.number(l, "seconds"));
        }
        return new PhaseTimes(s);
    }

    private static void add(
            Map<Integer, Map<String, Double>> s, int t, String phase, double seconds) {
        if (phase != null && !Double.isNaN(seconds)) {
            s.computeIfAbsent(t, k -> new LinkedHashMap<>()).merge(phase, seconds, Double::sum);
        }
    }

    /**
     * Every phase: the loop's own in their order (curriculum, curation, executor), then any other
     * in first-seen order, then evaluation.
     */
    public List<String> phases() {
        List<String> out = new ArrayList<>();
        seconds.values()
                .forEach(m -> m.keySet().stream().filter(p -> !out.contains(p)).forEach(out::add));
        out.sort(Comparator.comparingInt(PhaseTimes::rank)); // stable: others keep first-seen order
        return out;
    }

    private static int rank(String phase) {
        int loop = LOOP_ORDER.indexOf(phase);
        return loop >= 0
                ? loop
                : EVALUATION.equals(phase) ? LOOP_ORDER.size() + 1 : LOOP_ORDER.size();
    }

    /** Seconds of one phase over the whole run. */
    public double total(String phase) {
        return seconds.values().stream().mapToDouble(m -> m.getOrDefault(phase, 0.0)).sum();
    }

    /** Seconds of every phase over the whole run. */
    public double total() {
        return phases().stream().mapToDouble(this::total).sum();
    }
}
