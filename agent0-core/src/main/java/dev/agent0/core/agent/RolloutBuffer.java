package dev.agent0.core.agent;

import dev.agent0.core.tokenize.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The growing response of one rollout: ids with their loss mask and log-probs. Not thread-safe. */
final class RolloutBuffer {
    final int problemIndex;
    final int sampleIndex;
    final int[] promptIds;
    private final int budget;
    private int[] ids = new int[64];
    private int[] mask = new int[64];
    private float[] logProbs = new float[64];
    private float[] samplingLogProbs = new float[64];
    private int size;
    final List<ToolCall> toolCalls = new ArrayList<>();
    RolloutEnd end; // null while the rollout is running

    RolloutBuffer(int problemIndex, int sampleIndex, int[] promptIds, int budget) {
        this.problemIndex = problemIndex;
        this.sampleIndex = sampleIndex;
        this.promptIds = promptIds;
        this.budget = budget;
    }

    int remaining() {
        return budget - size;
    }

    /**
     * Adds generated tokens (mask 1), as many as the budget allows.
     *
     * @return true if all of them fit
     */
    boolean addGenerated(int[] tokenIds, float[] lp, float[] samplingLp) {
        int n = Math.min(tokenIds.length, remaining());
        for (int i = 0; i < n; i++) {
            add(tokenIds[i], 1, lp[i], samplingLp[i]);
        }
        return n == tokenIds.length;
    }

    /** Adds observation tokens (mask 0, log-probs 0); the caller has cut them to the budget. */
    void addObservation(int[] tokenIds) {
        for (int id : tokenIds) {
            add(id, 0, 0f, 0f);
        }
    }

    private void add(int id, int m, float lp, float slp) {
        if (size == ids.length) {
            int cap = size * 2;
            ids = Arrays.copyOf(ids, cap);
            mask = Arrays.copyOf(mask, cap);
            logProbs = Arrays.copyOf(logProbs, cap);
            samplingLogProbs = Arrays.copyOf(samplingLogProbs, cap);
        }
        ids[size] = id;
        mask[size] = m;
        logProbs[size] = lp;
        samplingLogProbs[size] = slp;
        size++;
    }

    Trajectory toTrajectory(TextTokenizer tokenizer) {
        int[] response = Arrays.copyOf(ids, size);
        String text = tokenizer.decode(response);
        String answer = BoxedAnswer.last(text).orElse(null);
        return new Trajectory(
                problemIndex,
                sampleIndex,
                promptIds,
                response,
                Arrays.copyOf(mask, size),
                Arrays.copyOf(logProbs, size),
                Arrays.copyOf(samplingLogProbs, size),
                toolCalls,
                answer,
                text,
                end);
    }
}
