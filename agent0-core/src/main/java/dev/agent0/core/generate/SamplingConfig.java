package dev.agent0.core.generate;

/**
 * How the next token is drawn from the model's distribution.
 *
 * @param temperature logits are divided by it; 0 means greedy (argmax). Range [0, ∞). Default 1.0.
 * @param topK keep only the k most likely tokens; 0 disables. Default 0.
 * @param topP nucleus: keep the smallest set of most likely tokens whose probability reaches p; 1
 *     disables. Range (0, 1]. Default 1.0.
 * @param seed seed of the Java sampler; sequence i of a batch draws from its own stream derived
 *     from (seed, i), so results do not depend on batch composition order of other rows. Default 0.
 */
public record SamplingConfig(double temperature, int topK, double topP, long seed) {
    public SamplingConfig {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException(
                    "temperature = " + temperature + ", must be finite and >= 0");
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK = " + topK + ", must be >= 0 (0 disables)");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP = " + topP + ", must be in (0, 1]");
        }
    }

    /** Temperature 1, no top-k, no top-p, seed 0. */
    public static SamplingConfig defaults() {
        return new SamplingConfig(1.0, 0, 1.0, 0L);
    }

    /** Greedy decoding (temperature 0). */
    public static SamplingConfig greedy() {
        return new SamplingConfig(0.0, 0, 1.0, 0L);
    }

    /** True when tokens are chosen by argmax. */
    public boolean isGreedy() {
        return temperature == 0;
    }

    public SamplingConfig withTemperature(double t) {
        return new SamplingConfig(t, topK, topP, seed);
    }

    public SamplingConfig withTopK(int k) {
        return new SamplingConfig(temperature, k, topP, seed);
    }

    public SamplingConfig withTopP(double p) {
        return new SamplingConfig(temperature, topK, p, seed);
    }

    public SamplingConfig withSeed(long s) {
        return new SamplingConfig(temperature, topK, topP, s);
    }
}
