package dev.agent0.examples.tinyworld.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agent0.examples.tinyworld.ArithmeticProblem;
import dev.agent0.examples.tinyworld.IntegerAnswer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How often the curated problems' pseudo-labels (majority answers ỹ) were right in one iteration:
 * logging only, the true value of a generated question never reaches training.
 *
 * @param iteration t
 * @param curated problems curation kept
 * @param checkable kept problems whose question is a valid expression (so it has a true value)
 * @param correct checkable problems whose pseudo-label is that value ({@link IntegerAnswer})
 */
public record PseudoLabelStats(int iteration, int curated, int checkable, int correct) {

    /** correct / checkable; NaN when nothing is checkable. */
    public double accuracy() {
        return checkable == 0 ? Double.NaN : (double) correct / checkable;
    }

    /** One entry per iteration with curated problems, in iteration order. */
    public static List<PseudoLabelStats> of(List<JsonNode> curatedLines) {
        Map<Integer, int[]> counts = new TreeMap<>(); // iteration -> {curated, checkable, correct}
        for (JsonNode l : curatedLines) {
            int[] c = counts.computeIfAbsent(RunLogs.iteration(l), t -> new int[3]);
            c[0]++;
            Long truth = trueValue(RunLogs.text(l, "question"));
            if (truth != null) {
                c[1]++;
                c[2] += IntegerAnswer.correct(RunLogs.text(l, "pseudoLabel"), truth) ? 1 : 0;
            }
        }
        List<PseudoLabelStats> out = new ArrayList<>();
        counts.forEach((t, c) -> out.add(new PseudoLabelStats(t, c[0], c[1], c[2])));
        return out;
    }

    private static Long trueValue(String question) {
        if (question == null) {
            return null;
        }
        try {
            return ArithmeticProblem.evaluate(question);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return null; // no true value: not counted
        }
    }
}
