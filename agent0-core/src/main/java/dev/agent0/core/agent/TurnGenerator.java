package dev.agent0.core.agent;

import dev.agent0.core.generate.GenerationConfig;
import dev.agent0.core.generate.GenerationResult;
import dev.agent0.core.generate.GenerationSession;
import dev.agent0.core.generate.Generator;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * The "generate until a stop" step of a multi-turn rollout over a batch of sequences, resumable
 * after tokens are appended.
 *
 * <p>The real implementation is a {@link GenerationSession} ({@link #sessions(Generator)}); tests
 * script the turns so the rollout's mechanics can be checked without a trained model.
 */
public interface TurnGenerator extends AutoCloseable {
    /**
     * One round: the first call runs every sequence from its prompt; later calls run only the
     * sequences given tokens by {@link #append} since the last round (the others return {@link
     * dev.agent0.core.generate.StopReason#INACTIVE}).
     */
    List<GenerationResult> generate();

    /** Appends {@code ids} (an observation) to sequence {@code seq} and marks it to resume. */
    void append(int seq, int[] ids);

    /** Every token sequence {@code seq} holds so far: prompt, generated and appended. */
    int[] tokens(int seq);

    @Override
    void close();

    /** Opens a {@link TurnGenerator} for a batch of prompts. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param prompts prompt ids per sequence
         * @param config stop strings, EOS ids, sampling and the per-round token cap
         * @param capacity KV-cache columns the whole rollout may use
         */
        TurnGenerator start(List<int[]> prompts, GenerationConfig config, int capacity);

        /**
         * The most sequences one {@link #start} may hold when each may use {@code capacity} cache
         * columns (at least 1). The agents split a larger batch into consecutive blocks of at most
         * this many rows, run one after the other, each drawing from its rows' own streams ({@link
         * GenerationConfig#firstStream}). Default: no limit.
         */
        default int maxRows(int capacity) {
            return Integer.MAX_VALUE;
        }

        /**
         * Counters of the engine behind this factory (an HTTP engine's requests, attempts and
         * retries), for the run's metrics; empty for in-process generation.
         */
        default Map<String, Long> counters() {
            return Map.of();
        }

        /**
         * This factory, holding at most {@code limit.applyAsInt(capacity)} sequences per start
         * (e.g. a KV-cache memory cap, {@link dev.agent0.core.model.KvCache#rowsWithin}).
         */
        default Factory withMaxRows(IntUnaryOperator limit) {
            Factory inner = this;
            return new Factory() {
                @Override
                public TurnGenerator start(
                        List<int[]> prompts, GenerationConfig config, int capacity) {
                    int max = maxRows(capacity);
                    if (prompts.size() > max) {
                        throw new IllegalArgumentException(
                                prompts.size()
                                        + " sequences of "
                                        + capacity
                                        + " columns exceed the limit of "
                                        + max
                                        + " rows: split the batch with maxRows(capacity)");
                    }
                    return inner.start(prompts, config, capacity);
                }

                @Override
                public int maxRows(int capacity) {
                    int own = limit.applyAsInt(capacity);
                    if (own < 1) {
                        throw new IllegalStateException(
                                "row limit for "
                                        + capacity
                                        + " columns is "
                                        + own
                                        + ", must be >= 1");
                    }
                    return Math.min(own, inner.maxRows(capacity));
                }

                @Override
                public Map<String, Long> counters() {
                    return inner.counters();
                }
            };
        }
    }

    /** Real generation: each batch is one {@link GenerationSession} of {@code generator}. */
    static Factory sessions(Generator generator) {
        return (prompts, config, capacity) ->
                new SessionTurns(generator.start(prompts, config, capacity));
    }
}
