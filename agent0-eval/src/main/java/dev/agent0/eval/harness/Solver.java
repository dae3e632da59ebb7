package dev.agent0.eval.harness;

import java.io.IOException;
import java.util.List;

/**
 * Produces k sampled responses to a problem: a chat-completions server today, a local model with
 * the executor's tool loop later (it implements this same interface).
 *
 * <p>Responses are full texts; the harness extracts and grades the final answers.
 */
public interface Solver {
    /** A short name for reports, e.g. the served model name. */
    String name();

    /**
     * Samples {@code k} responses to {@code problem}.
     *
     * @param k number of samples, at least 1
     * @return exactly k responses (an empty string for a sample that produced nothing)
     * @throws IOException when the backend fails after its retries; the harness stops and the run
     *     can be resumed
     */
    List<String> solve(Problem problem, int k) throws IOException;
}
