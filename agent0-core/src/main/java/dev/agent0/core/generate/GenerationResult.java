package dev.agent0.core.generate;

/**
 * What one sequence produced in one round.
 *
 * @param tokenIds the sampled ids, in order (an EOS id or the stop-string token included)
 * @param logProbs log p(token | prefix) under the model at temperature 1 (π_old for RL)
 * @param samplingLogProbs log q(token) under the distribution actually sampled from (temperature,
 *     top-k, top-p applied); 0 for greedy
 * @param text the decoded {@code tokenIds}, or "" without a tokenizer
 * @param stopReason why the round ended for this sequence
 */
public record GenerationResult(
        int[] tokenIds,
        float[] logProbs,
        float[] samplingLogProbs,
        String text,
        StopReason stopReason) {
    static GenerationResult inactive() {
        return new GenerationResult(
                new int[0], new float[0], new float[0], "", StopReason.INACTIVE);
    }
}
