package dev.agent0.rl.loss;

/**
 * What {@code agent0 loss} prints for a JSON batch (schema in docs/rl.md).
 *
 * @param loss pg_loss + β·kl
 * @param pgLoss aggregated clipped policy loss
 * @param kl aggregated KL estimate (0 when β = 0 and no reference log-probs are given)
 * @param advantages Ã per sequence, in input order
 * @param clipFrac fraction of unmasked tokens where the clipped term is the active one
 */
public record BatchLossReport(
        double loss, double pgLoss, double kl, double[] advantages, double clipFrac) {}
