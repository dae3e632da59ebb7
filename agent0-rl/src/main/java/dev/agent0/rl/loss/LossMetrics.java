package dev.agent0.rl.loss;

/**
 * Detached numbers about one (micro-)batch's loss, additive over the micro-batches of a mini-batch.
 *
 * <p>{@code loss}, {@code pgLoss} and {@code kl} are already divided by the mini-batch normaliser,
 * so {@link #plus} of all micro-batches gives the mini-batch values. Logged names and formulas are
 * in docs/rl.md.
 *
 * @param loss pgLoss + β·kl (what backward differentiates)
 * @param pgLoss aggregated clipped policy loss
 * @param kl aggregated KL estimate (0 without a reference)
 * @param tokens unmasked tokens
 * @param clippedLow unmasked tokens with Ã < 0 where the clipped term is active (ρ < 1 − ε_low)
 * @param clippedHigh unmasked tokens with Ã > 0 where the clipped term is active (ρ > 1 + ε_high)
 * @param dualClipped unmasked tokens with Ã < 0 where the dual-clip cap −c·Ã is active
 * @param ratioSum Σ ρ over unmasked tokens
 * @param ratioMin min ρ over unmasked tokens (+∞ when there are none)
 * @param ratioMax max ρ over unmasked tokens (−∞ when there are none)
 */
public record LossMetrics(
        double loss,
        double pgLoss,
        double kl,
        long tokens,
        long clippedLow,
        long clippedHigh,
        long dualClipped,
        double ratioSum,
        double ratioMin,
        double ratioMax) {

    /** The metrics of two disjoint micro-batches of one mini-batch together. */
    public LossMetrics plus(LossMetrics o) {
        return new LossMetrics(
                loss + o.loss,
                pgLoss + o.pgLoss,
                kl + o.kl,
                tokens + o.tokens,
                clippedLow + o.clippedLow,
                clippedHigh + o.clippedHigh,
                dualClipped + o.dualClipped,
                ratioSum + o.ratioSum,
                Math.min(ratioMin, o.ratioMin),
                Math.max(ratioMax, o.ratioMax));
    }

    /** Fraction of unmasked tokens where the clipped term is active (low + high). */
    public double clipFraction() {
        return fraction(clippedLow + clippedHigh);
    }

    public double clipLowFraction() {
        return fraction(clippedLow);
    }

    public double clipHighFraction() {
        return fraction(clippedHigh);
    }

    public double dualClipFraction() {
        return fraction(dualClipped);
    }

    public double ratioMean() {
        return tokens == 0 ? Double.NaN : ratioSum / tokens;
    }

    private double fraction(long count) {
        return tokens == 0 ? 0 : (double) count / tokens;
    }
}
