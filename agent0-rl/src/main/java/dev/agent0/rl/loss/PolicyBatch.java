package dev.agent0.rl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.agent0.rl.Checks;
import java.util.Optional;

/**
 * One micro-batch of B sequences padded to T tokens: the inputs of {@link PolicyLoss}.
 *
 * <p>The batch only holds references; the caller owns and closes the arrays (normally by closing
 * the step's {@code NDScope} after backward). Padding positions must hold finite values (0 is
 * fine): they are multiplied by a zero mask, and 0·∞ would be NaN.
 */
public final class PolicyBatch {
    private final NDArray newLogProbs;
    private final NDArray oldLogProbs;
    private final NDArray refLogProbs;
    private final NDArray mask;
    private final NDArray advantages;
    private final NDArray clipHigh;
    private final NDArray rowTokens;
    private final NDArray tokenWeights;

    private PolicyBatch(
            NDArray newLogProbs,
            NDArray oldLogProbs,
            NDArray refLogProbs,
            NDArray mask,
            NDArray advantages,
            NDArray clipHigh,
            NDArray rowTokens,
            NDArray tokenWeights) {
        this.newLogProbs = newLogProbs;
        this.oldLogProbs = oldLogProbs;
        this.refLogProbs = refLogProbs;
        this.mask = mask;
        this.advantages = advantages;
        this.clipHigh = clipHigh;
        this.rowTokens = rowTokens;
        this.tokenWeights = tokenWeights;
        Shape bt = newLogProbs.getShape();
        Checks.arg(bt.dimension() == 2, "newLogProbs has shape %s, expected [B, T]", bt);
        Shape b = new Shape(bt.get(0));
        checkShape("oldLogProbs", oldLogProbs, bt);
        checkShape("mask", mask, bt);
        checkShape("advantages", advantages, b);
        checkShape("clipHigh", clipHigh, b);
        if (refLogProbs != null) {
            checkShape("refLogProbs", refLogProbs, bt);
        }
        if (rowTokens != null) {
            checkShape("rowTokens", rowTokens, b);
        }
        if (tokenWeights != null) {
            checkShape("tokenWeights", tokenWeights, bt);
        }
    }

    /**
     * A batch without a reference policy (β = 0).
     *
     * @param newLogProbs log π_new of each sampled token, [B, T], float32 or float64; the array the
     *     gradient flows back through
     * @param oldLogProbs log π_old (the sampling policy), [B, T]; treated as a constant
     * @param mask [B, T], 1 on tokens that count (0 on prompt, observation and padding)
     * @param advantages Ã per sequence, [B]
     * @param clipHigh ε_high per sequence, [B] (constant for GRPO, ε_high(p̂) for ADPO)
     */
    public static PolicyBatch of(
            NDArray newLogProbs,
            NDArray oldLogProbs,
            NDArray mask,
            NDArray advantages,
            NDArray clipHigh) {
        return new PolicyBatch(
                newLogProbs, oldLogProbs, null, mask, advantages, clipHigh, null, null);
    }

    /** A copy that also carries log π_ref, [B, T], for the KL penalty. */
    public PolicyBatch withReference(NDArray ref) {
        return new PolicyBatch(
                newLogProbs, oldLogProbs, ref, mask, advantages, clipHigh, rowTokens, tokenWeights);
    }

    /**
     * A copy that knows each sequence's count of unmasked tokens [B] over all its columns, for a
     * batch that holds only some of them (a chunk of positions): {@code SEQ_MEAN_TOKEN_MEAN}
     * divides by these instead of by the chunk's own counts.
     */
    public PolicyBatch withRowTokens(NDArray counts) {
        return new PolicyBatch(
                newLogProbs,
                oldLogProbs,
                refLogProbs,
                mask,
                advantages,
                clipHigh,
                counts,
                tokenWeights);
    }

    /**
     * A copy whose per-token policy loss is multiplied by {@code weights} [B, T], constants (no
     * gradient): truncated importance weights min(π_old / π_sampler, C) for rollouts from another
     * engine. The KL term is not weighted (TRL weights only the policy term).
     */
    public PolicyBatch withTokenWeights(NDArray weights) {
        return new PolicyBatch(
                newLogProbs,
                oldLogProbs,
                refLogProbs,
                mask,
                advantages,
                clipHigh,
                rowTokens,
                weights);
    }

    /** Per-token weights of the policy term, when set by {@link #withTokenWeights}. */
    public Optional<NDArray> tokenWeights() {
        return Optional.ofNullable(tokenWeights);
    }

    /** Each sequence's unmasked tokens over all its columns, when set by {@link #withRowTokens}. */
    public Optional<NDArray> rowTokens() {
        return Optional.ofNullable(rowTokens);
    }

    public NDArray newLogProbs() {
        return newLogProbs;
    }

    public NDArray oldLogProbs() {
        return oldLogProbs;
    }

    public Optional<NDArray> refLogProbs() {
        return Optional.ofNullable(refLogProbs);
    }

    public NDArray mask() {
        return mask;
    }

    public NDArray advantages() {
        return advantages;
    }

    public NDArray clipHigh() {
        return clipHigh;
    }

    public int sequences() {
        return (int) newLogProbs.getShape().get(0);
    }

    private static void checkShape(String name, NDArray a, Shape expected) {
        Checks.arg(
                a.getShape().equals(expected),
                "%s has shape %s, expected %s",
                name,
                a.getShape(),
                expected);
    }
}
