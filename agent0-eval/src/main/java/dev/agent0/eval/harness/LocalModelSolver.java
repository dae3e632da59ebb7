package dev.agent0.eval.harness;

import dev.agent0.core.agent.ExecutorAgent;
import dev.agent0.core.agent.Trajectory;
import java.util.List;

/**
 * Solves benchmark problems with a local model through the executor's multi-turn tool loop
 * (AGENT0-SPEC.md sections 3 and 5): the same rollout training uses, greedy or sampled.
 *
 * <p>The k samples of a problem are one batch. The sampling seed of a problem is derived from the
 * base seed and the problem's id, so a resumed or reordered run gives each problem the same
 * responses. Greedy decoding ({@code temperature 0}) with k = 1 is the paper's pass@1 protocol.
 */
public final class LocalModelSolver implements Solver {
    private final String name;
    private final ExecutorAgent executor;
    private final long seed;

    /**
     * @param name the name reports show (e.g. the checkpoint folder's name)
     * @param executor the tool-integrated executor (its sandbox and model stay owned by the caller)
     * @param seed base sampling seed
     */
    public LocalModelSolver(String name, ExecutorAgent executor, long seed) {
        this.name = name;
        this.executor = executor;
        this.seed = seed;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> solve(Problem problem, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k = " + k + ", must be >= 1");
        }
        List<Trajectory> ts = executor.solve(List.of(problem.question()), k, seedOf(problem));
        return ts.stream().map(Trajectory::text).toList();
    }

    /** The problem's sampling seed: base seed mixed with the id's (JVM-independent) String hash. */
    long seedOf(Problem problem) {
        return seed * 0x9E3779B97F4A7C15L + problem.id().hashCode();
    }
}
