package dev.agent0.rl.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.agent0.rl.Checks;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Global-norm gradient clipping, as {@code torch.nn.utils.clip_grad_norm_}.
 *
 * <p>DJL's {@code optClipGrad} clamps each element, which is a different operation; this scales all
 * gradients together by min(1, maxNorm/(‖g‖₂ + 1e-6)), so their direction is kept.
 */
public final class GradientClipping {
    /** Added to the norm before dividing, as PyTorch does. */
    public static final double NORM_EPSILON = 1e-6;

    private GradientClipping() {}

    /** Elements above which an array's Σg² is taken in row slices (1 MB of float32). */
    static final long SLICE = 1L << 18;

    /**
     * ‖g‖₂ over all arrays together; NaN/∞ if any element is. Each array's Σg² is taken in its own
     * dtype (as PyTorch does), the sum over arrays in float64. An array larger than {@link #SLICE}
     * elements is summed in runs of rows (each run in its own dtype, the runs in float64), so the
     * squares never need a full-size temporary.
     */
    public static double globalNorm(Collection<NDArray> grads) {
        // Each Σg² stays on the engine until one transfer at the end: one host round-trip per call
        // instead of one per slice (hundreds for an embedding matrix). Same values, same order.
        List<NDArray> parts = new ArrayList<>();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (NDArray g : grads) {
                List<NDIndex> slices = RowSlices.of(g, SLICE);
                if (slices.isEmpty()) {
                    parts.add(squares(g));
                    continue;
                }
                for (NDIndex idx : slices) {
                    try (NDScope slice = new NDScope()) {
                        slice.suppressNotUsedWarning();
                        parts.add(squares(g.get(idx)));
                    }
                }
            }
            if (parts.isEmpty()) {
                return 0;
            }
            double sq = 0;
            try (NDArray all = NDArrays.stack(new NDList(parts))) {
                for (double x : all.toDoubleArray()) {
                    sq += x;
                }
            }
            return Math.sqrt(sq);
        } finally {
            parts.forEach(NDArray::close);
        }
    }

    /**
     * Σg² in g's dtype, as a float64 scalar that outlives the caller's scope (closed by the
     * caller).
     */
    private static NDArray squares(NDArray g) {
        NDArray s = g.mul(g).sum().toType(DataType.FLOAT64, false);
        NDScope.unregister(s);
        return s;
    }

    /**
     * Scales every gradient in place so that their global norm is at most {@code maxNorm}.
     *
     * @param grads the gradient arrays (views of the parameters' gradients); mutated in place
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
