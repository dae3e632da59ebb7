package dev.agent0.core.agent;

import dev.agent0.core.generate.GenerationConfig;
import dev.agent0.core.generate.GenerationResult;
import dev.agent0.core.generate.GenerationSession;
import dev.agent0.core.generate.Generator;
import java.util.List;

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
    }

    /** Real generation: each batch is one {@link GenerationSession} of {@code generator}. */
    static Factory sessions(Generator generator) {
        return (prompts, config, capacity) ->
                new SessionTurns(generator.start(prompts, config, capacity));
    }
}
