package dev.agent0.examples.tinyworld;

/**
 * Base pretraining of the tiny world (TINY-WORLD.md "Pretraining"), defaults = the recipe measured
 * with the PyTorch prototype, except for the number of steps.
 *
 * @param steps optimiser steps. Default 2400 (the prototype's 1,400 left a base whose majority vote
 *     fails the pre-RL gate here: docs/tiny-world.md).
 * @param batchSize transcripts per step. Default 64.
 * @param lr peak AdamW learning rate. Default 2e-3.
 * @param warmupSteps linear warm-up. Default 30.
 * @param minLrRatio cosine floor as a fraction of lr. Default 0.1.
 * @param beta2 AdamW β2. Default 0.98 (β1 0.9, ε 1e-8).
 * @param weightDecay AdamW decoupled weight decay. Default 0.1.
 * @param maxGradNorm global gradient-norm clip. Default 1.0.
 * @param seed seed of the initial weights, the corpus and the shuffles. Default 0.
 * @param initStd standard deviation of the initial weights. Default 0.02.
 * @param mix the corpus mix. Default {@link TinyWorldCorpus.Mix#defaults()}.
 */
public record PretrainConfig(
        int steps,
        int batchSize,
        double lr,
        int warmupSteps,
        double minLrRatio,
        double beta2,
        double weightDecay,
        double maxGradNorm,
        long seed,
        double initStd,
        TinyWorldCorpus.Mix mix) {
    public PretrainConfig {
        if (steps < 1) {
            throw new IllegalArgumentException("steps = " + steps + ", must be >= 1");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize = " + batchSize + ", must be >= 1");
        }
        if (!(lr > 0)) {
            throw new IllegalArgumentException("lr = " + lr + ", must be > 0");
        }
        if (warmupSteps < 0 || warmupSteps > steps) {
            throw new IllegalArgumentException(
                    "warmupSteps = " + warmupSteps + ", must be in [0, steps = " + steps + "]");
        }
        if (!(minLrRatio >= 0 && minLrRatio <= 1)) {
            throw new IllegalArgumentException(
                    "minLrRatio = " + minLrRatio + ", must be in [0, 1]");
        }
        if (!(maxGradNorm > 0)) {
            throw new IllegalArgumentException("maxGradNorm = " + maxGradNorm + ", must be > 0");
        }
        if (mix == null) {
            throw new IllegalArgumentException("mix must be non-null");
        }
        if (!(initStd > 0)) {
            throw new IllegalArgumentException("initStd = " + initStd + ", must be > 0");
        }
    }

    public static PretrainConfig defaults() {
        return new PretrainConfig(
                2400, 64, 2e-3, 30, 0.1, 0.98, 0.1, 1.0, 0, 0.02, TinyWorldCorpus.Mix.defaults());
    }

    public PretrainConfig withSteps(int s) {
        return new PretrainConfig(
                s,
                batchSize,
                lr,
                Math.min(warmupSteps, s),
                minLrRatio,
                beta2,
                weightDecay,
                maxGradNorm,
                seed,
                initStd,
                mix);
    }

    public PretrainConfig withMix(TinyWorldCorpus.Mix m) {
        return new PretrainConfig(
                steps,
                batchSize,
                lr,
                warmupSteps,
                minLrRatio,
                beta2,
                weightDecay,
                maxGradNorm,
                seed,
                initStd,
                m);
    }

    public PretrainConfig withSeed(long s) {
        return new PretrainConfig(
                steps,
                batchSize,
                lr,
                warmupSteps,
                minLrRatio,
                beta2,
                weightDecay,
                maxGradNorm,
                s,
                initStd,
                mix);
    }
}
