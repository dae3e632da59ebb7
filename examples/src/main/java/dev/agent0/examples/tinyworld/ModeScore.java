package dev.agent0.examples.tinyworld;

import dev.agent0.core.agent.Trajectory;
import java.util.Collection;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Held-out measurements of one decoding mode (greedy or sampled) over a set of problems, one
 * trajectory each.
 *
 * @param problems number of problems scored
 * @param pass1 fraction whose final {@code \boxed{}} answer is correct by {@link
 *     IntegerAnswer#correct}: pass@1 with one trajectory per problem
 * @param toolRate fraction of trajectories with at least one executed tool call
 * @param noAnswerRate fraction of trajectories with no {@code \boxed{}} answer at all
 * @param responseTokensMean mean response length in tokens, generated plus tool observation
 */
public record ModeScore(
        int problems,
        double pass1,
        double toolRate,
        double noAnswerRate,
        double responseTokensMean) {

    /**
     * Scores {@code trajectories.get(i)} against {@code problems.get(i)}.
     *
     * @throws IllegalArgumentException when the lists differ in length or are empty
     */
    public static ModeScore of(List<ArithmeticProblem> problems, List<Trajectory> trajectories) {
        if (problems.isEmpty() || problems.size() != trajectories.size()) {
            throw new IllegalArgumentException(
                    "problems.size() = "
                            + problems.size()
                            + ", trajectories.size() = "
                            + trajectories.size()
                            + ": need one trajectory per problem, at least one");
        }
        int correct = 0;
        int tool = 0;
        int noAnswer = 0;
        long tokens = 0;
        for (int i = 0; i < problems.size(); i++) {
            Trajectory t = trajectories.get(i);
            correct += IntegerAnswer.correct(t.answer(), problems.get(i).value()) ? 1 : 0;
            tool += t.executedToolCalls() > 0 ? 1 : 0;
            noAnswer += t.answer() == null ? 1 : 0;
            tokens += t.responseIds().length;
        }
        double n = problems.size();
        return new ModeScore(problems.size(), correct / n, tool / n, noAnswer / n, tokens / n);
    }

    /**
     * The score of the union of disjoint problem sets: every rate weighted by its problems.
     *
     * @throws IllegalArgumentException when {@code parts} is empty
     */
    public static ModeScore pooled(Collection<ModeScore> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to pool");
        }
        int n = parts.stream().mapToInt(ModeScore::problems).sum();
        return new ModeScore(
                n,
                weighted(parts, ModeScore::pass1, n),
                weighted(parts, ModeScore::toolRate, n),
                weighted(parts, ModeScore::noAnswerRate, n),
                weighted(parts, ModeScore::responseTokensMean, n));
    }

    private static double weighted(
            Collection<ModeScore> parts, ToDoubleFunction<ModeScore> rate, int n) {
        return parts.stream().mapToDouble(s -> rate.applyAsDouble(s) * s.problems()).sum() / n;
    }
}
