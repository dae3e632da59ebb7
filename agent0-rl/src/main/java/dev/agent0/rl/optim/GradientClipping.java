package dev.agent0.rl.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.agent0.rl.Checks;
import java.util.Collection;
import java.util.List;

/**
 * Global-norm gradient clipping, as {@code torch.nn.utils.clip_grad_norm_}.
 *
 * <p>DJL's {@code optClipGrad} clamps each element, which is a different operation; this scales
 * all gradients together by min(1, maxNorm/(‖g‖₂ + 1e-6)), so their direction is kept.
 */
public final class GradientClipping {
    /** Added to the norm before dividing, as PyTorch does. */
    public static final double NORM_EPSILON = 1e-6;

    private GradientClipping() {}

    /** Elements above which an array's Σg² is taken in row slices (as {@link AdamW#DEFAULT_CHUNK}). */
    static final long SLICE = AdamW.DEFAULT_CHUNK;

    /**
     * ‖g‖₂ over all arrays together; NaN/∞ if any element is. Each array's Σg² is taken in its own
     * dtype (as PyTorch does), the sum over arrays in float64. An array larger than {@link #SLICE}
     * elements is summed in runs of rows (each run in its own dtype, the runs in float64), so the
     * squares never need a full-size temporary.
     */
    public static double globalNorm(Collection<NDArray> grads) {
        double sq = 0;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (NDArray g : grads) {
                List<NDIndex> slices = RowSlices.of(g, SLICE);
                if (slices.isEmpty()) {
                    sq += squares(g);
                    continue;
                }
                for (NDIndex idx : slices) {
                    try (NDScope slice = new NDScope()) {
                        slice.suppressNotUsedWarning();
                        sq += squares(g.get(idx));
                    }
                }
            }
        }
        return Math.sqrt(sq);
    }

    private static double squares(NDArray g) {
        return g.mul(g).sum().toType(DataType.FLOAT64, false).getDouble();
    }

    /**
     * Scales every gradient in place so that their global norm is at most {@code maxNorm}.
     *
     * @param grads   the gradient arrays (views of the parameters' gradients); mutated in place
     * @param maxNorm the bound, > 0
     * @return the global norm before clipping; when it is not finite nothing is scaled and the
     *     caller should skip the update
     */
    public static double clipByGlobalNorm(Collection<NDArray> grads, double maxNorm) {
        Checks.arg(Double.isFinite(maxNorm) && maxNorm > 0, "maxNorm = %s, must be > 0", maxNorm);
        double norm = globalNorm(grads);
        double coef = maxNorm / (norm + NORM_EPSILON);
        if (Double.isFinite(norm) && coef < 1) {
            for (NDArray g : grads) {
                // Off the autograd path (gradients are leaves of nothing), so a Number is safe.
                g.muli(coef);
            }
        }
        return norm;
    }
}
