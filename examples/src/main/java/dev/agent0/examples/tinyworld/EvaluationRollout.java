package dev.agent0.examples.tinyworld;

import dev.agent0.core.agent.ExecutorAgent;
import dev.agent0.core.agent.ExecutorConfig;
import dev.agent0.core.agent.Trajectory;
import dev.agent0.core.generate.SamplingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How the held-out evaluator and the pre-RL gate roll the executor out: the tool loop is on, the
 * budgets fit the tiny world's transcripts, and large problem sets are split into batches.
 *
 * @param responseBudget response tokens per trajectory, generated plus observation. At least 1.
 *     Default 64: the longest L6 tool transcript is about 45 tokens.
 * @param maxToolCalls tool calls per trajectory. At least 0. Default 2.
 * @param observationTokens observation cap in tokens. At least 1. Default 32.
 * @param batchRows most rollouts (problems × samples) in one batch. At least 1. Default 256.
 */
public record EvaluationRollout(
        int responseBudget, int maxToolCalls, int observationTokens, int batchRows) {
    public EvaluationRollout {
        check(responseBudget >= 1, "responseBudget", responseBudget, ">= 1");
        check(maxToolCalls >= 0, "maxToolCalls", maxToolCalls, ">= 0");
        check(observationTokens >= 1, "observationTokens", observationTokens, ">= 1");
        check(batchRows >= 1, "batchRows", batchRows, ">= 1");
    }

    private static void check(boolean ok, String field, int value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(field + " = " + value + ", must be " + rule);
        }
    }

    /** Budget 64, 2 tool calls, 32 observation tokens, 256 rollouts per batch. */
    public static EvaluationRollout defaults() {
        return new EvaluationRollout(64, 2, 32, 256);
    }

    public EvaluationRollout withResponseBudget(int n) {
        return new EvaluationRollout(n, maxToolCalls, observationTokens, batchRows);
    }

    public EvaluationRollout withBatchRows(int n) {
        return new EvaluationRollout(responseBudget, maxToolCalls, observationTokens, n);
    }

    /** The executor settings: these budgets, the tool loop on, no system prompt. */
    public ExecutorConfig executorConfig(SamplingConfig sampling) {
        return ExecutorConfig.defaults()
                .withGroupSize(1)
                .withSampling(sampling)
                .withMaxToolCalls(maxToolCalls)
                .withObservationTokens(observationTokens)
                .withResponseBudget(responseBudget)
                .withMultiTurn(true)
                .withSystemPrompt("");
    }

    /**
     * Rolls out {@code samples} trajectories per problem, in batches of at most {@link #batchRows}
     * rollouts. Batch b samples with a seed derived from (seed, b), so the result depends on the
     * seed and the batch size, and on nothing else.
     *
     * @return problem-major: entry {@code p · samples + s} is sample s of problem p
     */
    public List<Trajectory> solve(
            ExecutorAgent agent, List<String> problems, int samples, long seed) {
        int perBatch = Math.max(1, batchRows / samples);
        List<Trajectory> out = new ArrayList<>(problems.size() * samples);
        for (int from = 0, b = 0; from < problems.size(); from += perBatch, b++) {
            List<String> batch = problems.subList(from, Math.min(problems.size(), from + perBatch));
            long batchSeed = new SplittableRandom(seed ^ ((long) b << 32)).nextLong();
            out.addAll(agent.solve(batch, samples, batchSeed));
        }
        return out;
    }
}
