package dev.agent0.core.agent;

import dev.agent0.core.generate.StopReason;

/**
 * One problem written by the curriculum agent, with what GRPO needs to train on it.
 *
 * @param output the parsed question and boxed answer (null fields when they did not parse)
 * @param promptIds the rendered prompt's ids
 * @param responseIds the generated ids (an EOS id included when it ended the sample)
 * @param logProbs log p(token) at temperature 1 under the sampling model (π_old)
 * @param samplingLogProbs log q(token) under the tempered, top-p-truncated distribution sampled
 * @param stopReason {@link StopReason#EOS} for a finished sample, {@link StopReason#MAX_NEW_TOKENS}
 *     for a cut one
 */
public record CurriculumSample(
        CurriculumOutput output,
        int[] promptIds,
        int[] responseIds,
        float[] logProbs,
        float[] samplingLogProbs,
        StopReason stopReason) {
    public CurriculumSample {
        if (logProbs.length != responseIds.length
                || samplingLogProbs.length != responseIds.length) {
            throw new IllegalStateException(
                    "response arrays differ in length: ids "
                            + responseIds.length
                            + ", logProbs "
                            + logProbs.length
                            + ", samplingLogProbs "
                            + samplingLogProbs.length);
        }
    }
}
