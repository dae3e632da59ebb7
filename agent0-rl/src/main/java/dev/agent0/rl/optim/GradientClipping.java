package dev.agent0.rl.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
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

    /**
     * ‖g‖₂ over all arrays together; NaN/∞ if any element is. Each array's rows are reduced to
     * their 2-norms by the engine in the array's dtype (one pass over the gradient, no full-size
     * temporary: squaring slices first read every gradient twice and cost as much as a backward
     * pass at 0.6B), the squares of those norms are summed in float64 (one float32 reduction over a
     * whole 155 M-element array is off by about 1e-5 of its norm), and so are the arrays'.
     */
    public static double globalNorm(Collection<NDArray> grads) {
        // Each Σg² stays on the engine until one transfer at the end: one host round-trip.
        List<NDArray> parts = new ArrayList<>();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (NDArray g : grads) {
                NDArray n = squaredNorm(g);
                NDScope.unregister(n);
                parts.add(n);
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

    /** Σg² of one array as a float64 scalar: the float64 sum of its rows' squared 2-norms. */
    private static NDArray squaredNorm(NDArray g) {
        int dims = g.getShape().dimension();
        long row = dims == 0 ? 1 : Math.max(1, g.getShape().get(dims - 1));
        NDArray norms = g.reshape(-1, row).norm(2, new int[] {1}, false);
        NDArray d = norms.toType(DataType.FLOAT64, false);
        return d.mul(d).sum();
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
