package dev.agent0.rl.optim;

/**
 * What one {@link AdamW#step} did.
 *
 * @param gradNorm global gradient norm before clipping
 * @param lr the learning rate used
 * @param applied false when the norm was NaN/∞ and the parameters were left untouched
 */
public record OptimizerStep(double gradNorm, double lr, boolean applied) {}
