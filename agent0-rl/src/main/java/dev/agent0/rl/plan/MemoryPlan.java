package dev.agent0.rl.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.runtime.ByteSize;
import java.util.List;
import java.util.Map;

/**
 * The planner's answer: the predicted peak of every phase, what lives through the whole run, the
 * overall peak against the budget, and the knobs to turn when it does not fit.
 *
 * @param phases predicted peak bytes per phase, in run order
 * @param parts what every phase holds: runtime (JVM, libtorch, heap), weights, trainer state
 * @param peakBytes the largest phase
 * @param budgetBytes the memory the run may use
 * @param fits {@code peakBytes <= budgetBytes}
 * @param advice one line per phase over the budget, naming the knobs; empty when it fits
 */
public record MemoryPlan(
        Map<Phase, Long> phases,
        Map<String, Long> parts,
        long peakBytes,
        long budgetBytes,
        boolean fits,
        List<String> advice) {
    public MemoryPlan {
        phases = Map.copyOf(phases);
        parts = Map.copyOf(parts);
        advice = List.copyOf(advice);
    }

    /**
     * {@code {"phases": {"curriculum_sampling": bytes, …}, "parts": {…}, "peak_bytes": N,
     * "budget_bytes": N, "fits": true|false, "advice": […]}}.
     */
    public ObjectNode toJson() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ObjectNode p = root.putObject("phases");
        for (Phase phase : Phase.values()) {
            p.put(phase.key(), phases.get(phase));
        }
        ObjectNode parts = root.putObject("parts");
        for (String part : List.of("runtime", "weights", "trainer_state")) {
            parts.put(part, this.parts.get(part));
        }
        root.put("peak_bytes", peakBytes);
        root.put("budget_bytes", budgetBytes);
        root.put("fits", fits);
        advice.forEach(root.putArray("advice")::add);
        return root;
    }

    /** A human-readable table: phases, parts, verdict and advice. */
    public String toText() {
        StringBuilder s = new StringBuilder();
        for (Phase phase : Phase.values()) {
            s.append(String.format("%-22s %12s%n", phase.key(), ByteSize.gib(phases.get(phase))));
        }
        s.append(String.format("%nof which, in every phase:%n"));
        for (String part : List.of("runtime", "weights", "trainer_state")) {
            s.append(String.format("  %-20s %12s%n", part, ByteSize.gib(parts.get(part))));
        }
        s.append(
                String.format(
                        "%npeak %s of a %s budget: %s%n",
                        ByteSize.gib(peakBytes),
                        ByteSize.gib(budgetBytes),
                        fits ? "fits" : "does not fit"));
        advice.forEach(a -> s.append("  - ").append(a).append('\n'));
        return s.toString();
    }
}
