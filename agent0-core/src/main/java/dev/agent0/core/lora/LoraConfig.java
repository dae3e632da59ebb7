package dev.agent0.core.lora;

import dev.agent0.core.model.Projection;
import java.util.List;

/**
 * Hyperparameters of a LoRA adapter (Hu et al. 2021, as Hugging Face PEFT's {@code LoraConfig}):
 * each targeted projection W [out, in] gets ΔW = (alpha / r)·B·A with A [r, in] and B [out, r].
 *
 * @param r the rank; at least 1. Default 16.
 * @param alpha {@code lora_alpha}: the update is scaled by alpha / r; > 0. Default 32.
 * @param dropout {@code lora_dropout}: dropout on the adapter's input during training, in [0, 1).
 *     Default 0 (PEFT's default; nothing random in the forward pass).
 * @param targets the projections that get an adapter, at least one, no repeats. Default all seven
 *     (q, k, v, o, gate, up, down), as Agent0-scale LoRA runs usually do.
 */
public record LoraConfig(int r, double alpha, double dropout, List<Projection> targets) {
    public LoraConfig {
        if (r < 1) {
            throw new IllegalArgumentException("r = " + r + ", must be >= 1");
        }
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha = " + alpha + ", must be finite and > 0");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout = " + dropout + ", must be in [0, 1)");
        }
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("targets is empty: name at least one projection");
        }
        if (targets.stream().anyMatch(java.util.Objects::isNull)
                || targets.stream().distinct().count() != targets.size()) {
            throw new IllegalArgumentException(
                    "targets = " + targets + " repeats a projection or holds null");
        }
        targets = List.copyOf(targets);
    }

    /** r 16, alpha 32, no dropout, all seven projections. */
    public static LoraConfig defaults() {
        return new LoraConfig(16, 32, 0, List.of(Projection.values()));
    }

    /** alpha / r, the factor on B·A (PEFT without rsLoRA). */
    public double scaling() {
        return alpha / r;
    }

    public LoraConfig withRank(int newR) {
        return new LoraConfig(newR, alpha, dropout, targets);
    }

    public LoraConfig withAlpha(double a) {
        return new LoraConfig(r, a, dropout, targets);
    }

    public LoraConfig withDropout(double d) {
        return new LoraConfig(r, alpha, d, targets);
    }

    public LoraConfig withTargets(List<Projection> t) {
        return new LoraConfig(r, alpha, dropout, t);
    }
}
