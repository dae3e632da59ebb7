package dev.agent0.rl.selfplay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.model.QwenModel;

/**
 * Measures the executor between iterations, e.g. held-out pass@1 of the tiny world. The loop calls
 * it once before any training (iteration 0) and after every iteration ({@link #evaluates} may skip
 * some), and writes each result as one line of the run folder's {@code eval.jsonl}; a resumed run
 * does not repeat a committed evaluation.
 *
 * <p>Ground truth may be used here (evaluation only); nothing an evaluator returns feeds back into
 * training.
 */
@FunctionalInterface
public interface IterationEvaluator {
    /**
     * @param iteration 0 before training, t after iteration t
     * @param executor the current executor policy; read it, do not train it
     * @return the measurements, as one JSON object (the loop adds {@code iteration} and {@code
     *     seconds})
     */
    ObjectNode evaluate(int iteration, QwenModel executor);

    /**
     * Whether to measure after {@code iteration} at all (0: before training). A skipped iteration
     * leaves no {@code eval.jsonl} line; an evaluation that costs as much as an iteration can run
     * every few. Default: every iteration.
     */
    default boolean evaluates(int iteration) {
        return true;
    }
}
