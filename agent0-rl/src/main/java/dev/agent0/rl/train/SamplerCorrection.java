package dev.agent0.rl.train;

/**
 * Truncated importance sampling for rollouts sampled by another engine (a vLLM server, or a server
 * holding a just-published adapter): the tokens were drawn from π_sampler, the update assumes
 * π_old, so each token's policy loss is weighted by w = min(π_old / π_sampler, C) (Yao et al. 2025,
 * "Your efficient RL framework secretly brings you off-policy RL training"; TRL's {@code
 * vllm_importance_sampling_cap}, verl's truncated rollout IS). The weights are constants: computed
 * once per rollout batch from the recomputed old log-probs, before any update.
 *
 * @param weights per sequence and token, w on unmasked tokens and 0 elsewhere; null when off
 * @param metrics the mismatch statistics, also when off
 * @param meanAbsLogRatio mean |log π_old − log π_sampler| over unmasked tokens (the step's {@code
 *     samplingGap})
 */
record SamplerCorrection(double[][] weights, StepMetrics.Sampler metrics, double meanAbsLogRatio) {

    /**
     * @param old log π_old per sequence and token (the trainer's recomputation)
     * @param sampling log π_sampler per sequence and token (what the sampler reported)
     * @param mask 1 on tokens that count
     * @param cap C; 0 = no correction (statistics only)
     */
    static SamplerCorrection of(double[][] old, float[][] sampling, double[][] mask, double cap) {
        double[][] weights = cap > 0 ? new double[old.length][] : null;
        double logCap = cap > 0 ? Math.log(cap) : Double.POSITIVE_INFINITY;
        double sum = 0, absSum = 0, max = 0;
        long tokens = 0, truncated = 0;
        for (int i = 0; i < old.length; i++) {
            if (weights != null) {
                weights[i] = new double[mask[i].length];
            }
            for (int t = 0; t < mask[i].length; t++) {
                if (mask[i][t] <= 0) {
                    continue;
                }
                double d = old[i][t] - sampling[i][t];
                sum += d;
                absSum += Math.abs(d);
                max = Math.max(max, Math.abs(d));
                tokens++;
                if (d > logCap) {
                    truncated++;
                }
                if (weights != null) {
                    // exp(min(d, log C)) = min(exp(d), C), without overflow for a large d.
                    weights[i][t] = Math.exp(Math.min(d, logCap));
                }
            }
        }
        return new SamplerCorrection(
                weights,
                new StepMetrics.Sampler(
                        tokens == 0 ? 0 : sum / tokens,
                        max,
                        tokens == 0 || cap == 0 ? 0 : (double) truncated / tokens,
                        cap),
                tokens == 0 ? 0 : absSum / tokens);
    }
}
