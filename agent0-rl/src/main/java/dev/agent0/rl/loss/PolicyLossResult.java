package dev.agent0.rl.loss;

import ai.djl.ndarray.NDArray;

/**
 * The loss of one micro-batch: the scalar to call backward on, and its detached metrics.
 *
 * @param loss 0-dim tensor pgLoss + β·kl on the autograd graph of the new log-probs; it belongs to
 *     their manager (or the enclosing {@code NDScope})
 * @param metrics the same numbers as doubles, plus clip counts and ratio statistics
 */
public record PolicyLossResult(NDArray loss, LossMetrics metrics) {}
