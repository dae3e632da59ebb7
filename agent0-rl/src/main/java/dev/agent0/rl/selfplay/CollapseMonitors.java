package dev.agent0.rl.selfplay;

import dev.agent0.core.agent.Trajectory;
import java.util.List;

/**
 * Label-free collapse monitors of one iteration (AGENT0-SPEC.md section 7; TINY-WORLD.md "Failure
 * modes seen"): the loop writes them as the iteration's {@code "phase": "monitors"} line of
 * metrics.jsonl. All but the loss spikes describe the curation's N·k executor trajectories, the
 * executor's behaviour on fresh problems from the trained curriculum.
 *
 * @param problems N, problems the curriculum generated for curation
 * @param kept problems kept by the p̂ band
 * @param keptFraction kept / N (0 when N = 0); a falling value precedes drift
 * @param distinctAnswersMean mean over voted problems of the number of value-distinct non-empty
 *     answers among the k (1 everywhere: the executor answers by rote)
 * @param boxedNeToolRate among trajectories that answered and whose last tool call printed a value,
 *     the fraction whose answer contradicts it ({@link ToolConsistencyGuard}; measured whether the
 *     guard is on or off); 0 when none
 * @param toolChecked that denominator
 * @param noAnswerRate fraction of trajectories without a {@code \boxed{}} answer
 * @param toolCallRate fraction of trajectories with at least one executed tool call
 * @param trajectories curation trajectories measured
 * @param executorSteps executor steps of the iteration that trained
 * @param lossSpikes of those, steps whose |loss| exceeded {@code monitors.lossSpikeThreshold} or
 *     was NaN (every update skipped)
 */
public record CollapseMonitors(
        int problems,
        int kept,
        double keptFraction,
        double distinctAnswersMean,
        double boxedNeToolRate,
        int toolChecked,
        double noAnswerRate,
        double toolCallRate,
        int trajectories,
        int executorSteps,
        int lossSpikes) {

    /**
     * The curation part; executor steps and spikes are 0 until {@link #withLosses} adds them.
     *
     * @param judged every generated problem with its verdict
     * @param trajectories the executor's trajectories on the non-empty questions
     * @param guard decides what contradicts a tool output (its on/off switch does not matter)
     */
    public static CollapseMonitors ofCuration(
            List<CuratedProblem> judged,
            List<Trajectory> trajectories,
            ToolConsistencyGuard guard) {
        int kept = (int) judged.stream().filter(CuratedProblem::kept).count();
        double distinct =
                judged.stream()
                        .filter(p -> p.k() > 0)
                        .mapToInt(CuratedProblem::distinctAnswers)
                        .average()
                        .orElse(0);
        int checked = 0, contradicted = 0, noAnswer = 0, tool = 0;
        for (Trajectory t : trajectories) {
            if (ToolConsistencyGuard.checkable(t)) {
                checked++;
                contradicted += guard.contradicts(t) ? 1 : 0;
            }
            noAnswer += t.answer() == null || t.answer().isBlank() ? 1 : 0;
            tool += t.executedToolCalls() > 0 ? 1 : 0;
        }
        int n = trajectories.size();
        return new CollapseMonitors(
                judged.size(),
                kept,
                judged.isEmpty() ? 0 : (double) kept / judged.size(),
                distinct,
                checked == 0 ? 0 : (double) contradicted / checked,
                checked,
                n == 0 ? 0 : (double) noAnswer / n,
                n == 0 ? 0 : (double) tool / n,
                n,
                0,
                0);
    }

    /** A copy with the executor steps' losses counted: a spike is |loss| > threshold or NaN. */
    public CollapseMonitors withLosses(List<Double> stepLosses, double threshold) {
        int spikes =
                (int)
                        stepLosses.stream()
                                .filter(l -> Double.isNaN(l) || Math.abs(l) > threshold)
                                .count();
        return new CollapseMonitors(
                problems,
                kept,
                keptFraction,
                distinctAnswersMean,
                boxedNeToolRate,
                toolChecked,
                noAnswerRate,
                toolCallRate,
                trajectories,
                stepLosses.size(),
                spikes);
    }
}
