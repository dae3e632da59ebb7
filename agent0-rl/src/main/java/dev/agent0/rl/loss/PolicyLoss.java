package dev.agent0.rl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.agent0.rl.Checks;
import java.util.EnumMap;
import java.util.Map;

/**
 * The clipped policy loss with KL penalty for one micro-batch (AGENT0-SPEC.md section 4; verl's
 * {@code compute_policy_loss} and {@code kl_penalty}).
 *
 * <p>Per unmasked token, with ρ = exp(clamp(log π_new − log π_old, ±20)):
 *
 * <pre>
 *   ℓ_clip = max(−Ã·ρ, −Ã·clip(ρ, 1 − ε_low, 1 + ε_high))
 *   ℓ_pg   = min(ℓ_clip, −c·Ã) if dual-clip is on and Ã &lt; 0, else ℓ_clip
 *   loss   = agg(w·ℓ_pg) + β·agg(KL_k(π_new ‖ π_ref))
 * </pre>
 *
 * where agg divides by the mini-batch's {@link LossNormaliser} and w is 1, or the truncated
 * importance weight min(π_old / π_sampler, C) of rollouts sampled by another engine ({@link
 * PolicyBatch#withTokenWeights}). Every constant on the autograd path is a long-lived tensor owned
 * by this object: DJL's {@code Number} overloads free their temporary tensor while autograd still
 * needs it (DJL-NOTES.md). Construct it outside any {@code NDScope}; close it when training ends.
 * Thread-safe for concurrent {@link #compute} calls only if the engine is; one trainer thread is
 * the intended use.
 */
public final class PolicyLoss implements AutoCloseable {
    private final PolicyLossConfig config;
    private final NDManager manager;
    private final Map<DataType, Constants> constants = new EnumMap<>(DataType.class);

    /**
     * @param config the loss hyperparameters
     * @param parent the manager whose device the constants live on; a sub-manager is created and
     *     closed by {@link #close()}
     */
    public PolicyLoss(PolicyLossConfig config, NDManager parent) {
        this.config = config;
        this.manager = parent.newSubManager();
        constants.put(DataType.FLOAT32, new Constants(manager, config, DataType.FLOAT32));
        constants.put(DataType.FLOAT64, new Constants(manager, config, DataType.FLOAT64));
    }

    public PolicyLossConfig config() {
        return config;
    }

    /**
     * The loss of one micro-batch, divided by the mini-batch's normaliser.
     *
     * <p>Creates its intermediate arrays in the manager of {@code batch.newLogProbs()} (wrap the
     * call and backward in an {@code NDScope}); modifies nothing it is given.
     *
     * @throws IllegalArgumentException on a dtype other than float32/float64, a normaliser for
     *     another aggregation, or β &gt; 0 without reference log-probs
     */
    public PolicyLossResult compute(PolicyBatch batch, LossNormaliser normaliser) {
        Checks.arg(
                normaliser.aggregation() == config.aggregation(),
                "normaliser is for %s, the loss aggregates by %s",
                normaliser.aggregation(),
                config.aggregation());
        Checks.arg(
                config.klCoef() == 0 || batch.refLogProbs().isPresent(),
                "refLogProbs missing, but klCoef = %s needs the reference policy",
                config.klCoef());
        NDArray lpNew = batch.newLogProbs();
        DataType dt = lpNew.getDataType();
        Constants c = constants.get(dt);
        Checks.arg(c != null, "newLogProbs has dtype %s, expected float32 or float64", dt);
        long b = batch.sequences();
        NDArray mask = batch.mask().toType(dt, false);
        NDArray adv = batch.advantages().toType(dt, false).reshape(b, 1); // [B, 1], constant
        NDArray negAdv = adv.neg();
        NDArray highBound = batch.clipHigh().toType(dt, false).reshape(b, 1).add(c.one);

        // 1. Importance ratio ρ, log-ratio clamped to ±20 so exp cannot overflow (verl).
        NDArray logRatio =
                lpNew.sub(batch.oldLogProbs().toType(dt, false))
                        .maximum(c.negLogRatioClamp)
                        .minimum(c.logRatioClamp);
        NDArray ratio = logRatio.exp();
        // 2. PPO-clip: the pessimistic of the unclipped and clipped surrogate.
        NDArray unclipped = ratio.mul(negAdv);
        NDArray clipped = ratio.maximum(c.lowBound).minimum(highBound).mul(negAdv);
        NDArray pg = unclipped.maximum(clipped);
        NDArray tokenLoss = pg;
        NDArray cap = null;
        if (config.dualClipEnabled()) {
            // 3. Dual-clip: for Ã < 0 the loss is capped at −c·Ã (Ye et al. 2020).
            cap = negAdv.mul(c.dualClip);
            NDArray negative = adv.lt(c.zero).toType(dt, false);
            tokenLoss = pg.minimum(cap).mul(negative).add(pg.mul(c.one.sub(negative)));
        }
        // 4. Truncated importance sampling against another engine's sampler (constant weights).
        if (batch.tokenWeights().isPresent()) {
            tokenLoss = tokenLoss.mul(batch.tokenWeights().get().toType(dt, false));
        }
        // 5. Aggregate with the mini-batch normaliser; add β·KL when a reference is given.
        NDArray inverse =
                lpNew.getManager().create(1.0 / normaliser.denominator()).toType(dt, true);
        NDArray rowTokens = batch.rowTokens().map(r -> r.toType(dt, false)).orElse(null);
        NDArray pgLoss = aggregate(tokenLoss, mask, rowTokens, inverse, c);
        NDArray kl =
                batch.refLogProbs()
                        .map(
                                ref ->
                                        aggregate(
                                                kl(ref.toType(dt, false), lpNew, c),
                                                mask,
                                                rowTokens,
                                                inverse,
                                                c))
                        .orElse(null);
        NDArray loss = config.klCoef() > 0 ? pgLoss.add(kl.mul(c.klCoef)) : pgLoss;
        LossMetrics metrics =
                metrics(loss, pgLoss, kl, mask, adv, ratio, unclipped, clipped, pg, cap);
        return new PolicyLossResult(loss, metrics);
    }

    /** Per-token KL_k with d = log π_ref − log π_new clamped (spec 7), k3 also clamped (verl). */
    private NDArray kl(NDArray ref, NDArray lpNew, Constants c) {
        NDArray d = ref.sub(lpNew).maximum(c.negKlLogRatioClamp).minimum(c.klLogRatioClamp);
        return switch (config.klEstimator()) {
            case K1 -> d.neg();
            case K2 -> d.mul(d).mul(c.half);
            case K3 -> d.exp().sub(d).sub(c.one).maximum(c.negKlValueClamp).minimum(c.klValueClamp);
        };
    }

    /**
     * rowTokens: each sequence's unmasked tokens, when {@code mask} holds only some of its columns.
     */
    private NDArray aggregate(
            NDArray perToken, NDArray mask, NDArray rowTokens, NDArray inverse, Constants c) {
        NDArray masked = perToken.mul(mask);
        return switch (config.aggregation()) {
            case TOKEN_MEAN, SEQ_MEAN_TOKEN_SUM, DR_GRPO -> masked.sum().mul(inverse);
            case SEQ_MEAN_TOKEN_MEAN ->
                    masked.sum(new int[] {1})
                            .div(
                                    (rowTokens != null ? rowTokens : mask.sum(new int[] {1}))
                                            .maximum(c.one))
                            .sum()
                            .mul(inverse);
        };
    }

    private static LossMetrics metrics(
            NDArray loss,
            NDArray pgLoss,
            NDArray kl,
            NDArray mask,
            NDArray adv,
            NDArray ratio,
            NDArray unclipped,
            NDArray clipped,
            NDArray pg,
            NDArray cap) {
        double[] m = host(mask);
        double[] a = host(adv);
        double[] r = host(ratio);
        double[] l1 = host(unclipped);
        double[] l2 = host(clipped);
        double[] lp = host(pg);
        double[] capped = cap == null ? null : host(cap);
        int t = m.length / a.length;
        long tokens = 0, low = 0, high = 0, dual = 0;
        double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m.length; i++) {
            if (m[i] <= 0) {
                continue;
            }
            double ai = a[i / t];
            tokens++;
            // The clipped term is the active one (verl: pg_losses2 > pg_losses1).
            if (l2[i] > l1[i]) {
                if (ai < 0) {
                    low++;
                } else {
                    high++;
                }
            }
            if (capped != null && ai < 0 && lp[i] > capped[i / t]) {
                dual++;
            }
            sum += r[i];
            min = Math.min(min, r[i]);
            max = Math.max(max, r[i]);
        }
        return new LossMetrics(
                scalar(loss),
                scalar(pgLoss),
                kl == null ? 0 : scalar(kl),
                tokens,
                low,
                high,
                dual,
                sum,
                min,
                max);
    }

    private static double[] host(NDArray x) {
        return x.stopGradient().toType(DataType.FLOAT64, false).toDoubleArray();
    }

    private static double scalar(NDArray x) {
        return host(x)[0];
    }

    @Override
    public void close() {
        manager.close();
    }

    /** Long-lived scalar tensors of one dtype; never closed before the loss itself. */
    private static final class Constants {
        final NDArray zero, one, half, lowBound, dualClip, klCoef;
        final NDArray logRatioClamp, negLogRatioClamp;
        final NDArray klLogRatioClamp, negKlLogRatioClamp, klValueClamp, negKlValueClamp;

        Constants(NDManager m, PolicyLossConfig cfg, DataType dt) {
            zero = scalar(m, 0, dt);
            one = scalar(m, 1, dt);
            half = scalar(m, 0.5, dt);
            lowBound = scalar(m, 1 - cfg.clipLow(), dt);
            dualClip = scalar(m, cfg.dualClip(), dt);
            klCoef = scalar(m, cfg.klCoef(), dt);
            logRatioClamp = scalar(m, cfg.logRatioClamp(), dt);
            negLogRatioClamp = scalar(m, -cfg.logRatioClamp(), dt);
            klLogRatioClamp = scalar(m, cfg.klLogRatioClamp(), dt);
            negKlLogRatioClamp = scalar(m, -cfg.klLogRatioClamp(), dt);
            klValueClamp = scalar(m, cfg.klValueClamp(), dt);
            negKlValueClamp = scalar(m, -cfg.klValueClamp(), dt);
        }

        private static NDArray scalar(NDManager m, double v, DataType dt) {
            NDArray x = dt == DataType.FLOAT32 ? m.create((float) v) : m.create(v);
            // Survive any NDScope the loss happens to be built in.
            NDScope.unregister(x);
            return x;
        }
    }
}
