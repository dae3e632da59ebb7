package dev.agent0.rl.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.agent0.core.runtime.NoGradient;
import dev.agent0.rl.Checks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW over NDArrays with checkpointable state, the same update as {@code torch.optim.AdamW}.
 *
 * <p>For step t (1-based), gradient g, rate lr:
 *
 * <pre>
 *   θ ← θ·(1 − lr·λ)                       decoupled weight decay
 *   m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²
 *   θ ← θ − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
 * </pre>
 *
 * State: a step counter t shared by all parameters, and m ({@code <name>.exp_avg}) and v ({@code
 * <name>.exp_avg_sq}) per parameter, created as zeros on first use. {@link #state} and {@link
 * #loadState} move it in and out as a {@code Map<String, NDArray>} for a checkpoint writer. The
 * state lives in a sub-manager of the one given, closed by {@link #close()}.
 *
 * <p>A float32 parameter on the CPU is updated by {@link HostAdamWKernel} in one pass over its
 * memory, bit for bit the result of the element-wise operations below (pinned by a test). Any other
 * (a GPU, float64) goes through the engine's operations, and there a large parameter is updated in
 * slices of about {@link #DEFAULT_CHUNK} elements (views: runs of rows along its first axis,
 * updated in place): the update's temporaries then stay a few MB, inside the CPU caches and the
 * allocator's free lists, instead of full-size arrays that are freshly mapped and faulted in on
 * every step. Every operation is element-wise, so the result is bit-identical to an unsliced update
 * (pinned by a test).
 */
public final class AdamW implements AutoCloseable {
    /** Key of the step counter in {@link #state}. */
    public static final String STEP_KEY = "step";

    private static final String M = ".exp_avg";
    private static final String V = ".exp_avg_sq";

    /**
     * Elements per slice of a large parameter's update (4 MB of float32): 0.35 s per update of the
     * 218 M-parameter benchmark shape, against 0.45 s with 1 MB slices and 0.43 s with 16 MB ones
     * (docs/performance.md).
     */
    public static final long DEFAULT_CHUNK = 1L << 20;

    /**
     * Parameters of at least this many elements (float32, CPU) take {@link HostAdamWKernel}'s one
     * pass; smaller ones, where the element-wise operations cost little, keep them (and so keep
     * their exact floats: the two agree to float32 rounding, not bit for bit).
     */
    public static final long HOST_KERNEL_MIN = DEFAULT_CHUNK;

    private final AdamWConfig config;
    private final NDManager manager;
    private final long chunk;
    private final boolean hostKernel;
    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();
    private long step;

    public AdamW(AdamWConfig config, NDManager parent) {
        this(config, parent, DEFAULT_CHUNK);
    }

    /**
     * As {@link #AdamW(AdamWConfig, NDManager)} with another slice size; {@code Long.MAX_VALUE}
     * updates every parameter whole (what the benchmark compares against).
     */
    public AdamW(AdamWConfig config, NDManager parent, long chunk) {
        this(config, parent, chunk, true);
    }

    /**
     * As {@link #AdamW(AdamWConfig, NDManager, long)}; {@code hostKernel} false keeps every
     * parameter on the engine's element-wise operations (what the one-pass {@link HostAdamWKernel}
     * is compared against).
     */
    AdamW(AdamWConfig config, NDManager parent, long chunk, boolean hostKernel) {
        Checks.arg(chunk >= 1, "chunk = %s, must be >= 1", chunk);
        this.config = config;
        this.manager = parent.newSubManager();
        this.chunk = chunk;
        this.hostKernel = hostKernel;
    }

    public AdamWConfig config() {
        return config;
    }

    /** Updates taken so far (t of the last update). */
    public long steps() {
        return step;
    }

    /**
     * Clips the parameters' gradients to a global norm, then updates, unless the norm is NaN/∞.
     *
     * @param params trainable parameters by name (with gradients); updated in place
     * @param lr learning rate of this step (from an {@link LrSchedule})
     * @param maxGradNorm global-norm bound, > 0 (reference: 1.0)
     */
    public OptimizerStep step(Map<String, NDArray> params, double lr, double maxGradNorm) {
        Map<String, NDArray> grads = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, NDArray> p : params.entrySet()) {
                // getGradient() returns a new handle each call: closed below (DJL-NOTES.md).
                grads.put(p.getKey(), p.getValue().getGradient());
            }
            double norm = GradientClipping.clipByGlobalNorm(grads.values(), maxGradNorm);
            if (!Double.isFinite(norm)) {
                return new OptimizerStep(norm, lr, false);
            }
            update(params, grads, lr);
            return new OptimizerStep(norm, lr, true);
        } finally {
            grads.values().forEach(NDArray::close);
        }
    }

    /**
     * One AdamW update of {@code params} with the given gradients; increments the step counter.
     *
     * @param params parameters by name; updated in place (grad mode is switched off meanwhile)
     * @param grads a gradient for every parameter, same shape; not modified
     * @param lr learning rate, >= 0
     */
    public void update(Map<String, NDArray> params, Map<String, NDArray> grads, double lr) {
        Checks.arg(Double.isFinite(lr) && lr >= 0, "lr = %s, must be >= 0", lr);
        for (Map.Entry<String, NDArray> p : params.entrySet()) {
            NDArray g = grads.get(p.getKey());
            Checks.arg(g != null, "grads has no entry for parameter %s", p.getKey());
            Checks.arg(
                    g.getShape().equals(p.getValue().getShape()),
                    "grads[%s] has shape %s, parameter has %s",
                    p.getKey(),
                    g.getShape(),
                    p.getValue().getShape());
        }
        try (NoGradient off = NoGradient.enter();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            step++;
            double b1 = config.beta1();
            double b2 = config.beta2();
            double stepSize = lr / (1 - Math.pow(b1, step));
            double bc2Sqrt = Math.sqrt(1 - Math.pow(b2, step));
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                NDArray theta = e.getValue();
                NDArray g = grads.get(e.getKey());
                NDArray mt = moment(m, e.getKey(), theta);
                NDArray vt = moment(v, e.getKey(), theta);
                if (hostKernel
                        && theta.size() >= HOST_KERNEL_MIN
                        && HostAdamWKernel.applies(theta, g, mt, vt)
                        && HostAdamWKernel.writesLand(theta)
                        && HostAdamWKernel.writesLand(mt)
                        && HostAdamWKernel.writesLand(vt)) {
                    HostAdamWKernel.update(
                            theta,
                            g,
                            mt,
                            vt,
                            HostAdamWKernel.Step.of(config, lr, stepSize, bc2Sqrt));
                    continue;
                }
                List<NDIndex> slices = RowSlices.of(theta, chunk);
                if (slices.isEmpty()) {
                    updateSlice(theta, g, mt, vt, lr, stepSize, bc2Sqrt);
                    continue;
                }
                for (NDIndex idx : slices) {
                    try (NDScope slice = new NDScope()) {
                        slice.suppressNotUsedWarning();
                        updateSlice(
                                theta.get(idx),
                                g.get(idx),
                                mt.get(idx),
                                vt.get(idx),
                                lr,
                                stepSize,
                                bc2Sqrt);
                    }
                }
            }
        }
    }

    /**
     * The update of one parameter (or one slice of it), in place in {@code theta}, {@code mt},
     * {@code vt}.
     */
    private void updateSlice(
            NDArray theta,
            NDArray g,
            NDArray mt,
            NDArray vt,
            double lr,
            double stepSize,
            double bc2Sqrt) {
        double b1 = config.beta1();
        double b2 = config.beta2();
        // Grad mode is off and nothing here is on a graph, so Number operands are safe.
        theta.muli(1 - lr * config.weightDecay());
        mt.muli(b1).addi(g.mul(1 - b1));
        vt.muli(b2).addi(g.mul(g).muli(1 - b2));
        NDArray denom = vt.sqrt().divi(bc2Sqrt).addi(config.epsilon());
        theta.subi(mt.div(denom).muli(stepSize));
    }

    /**
     * Copies of the state in {@code target}, which the caller owns: {@value #STEP_KEY} (int64
     * scalar) and per parameter {@code <name>.exp_avg}, {@code <name>.exp_avg_sq}.
     */
    public Map<String, NDArray> state(NDManager target) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put(STEP_KEY, target.create(step));
        for (String name : m.keySet()) {
            out.put(name + M, copy(m.get(name), target));
            out.put(name + V, copy(v.get(name), target));
        }
        return out;
    }

    /**
     * Replaces the state with copies of a map written by {@link #state}; the map is not modified.
     *
     * @throws IllegalArgumentException naming the key that is missing, unknown or unpaired
     */
    public void loadState(Map<String, NDArray> state) {
        NDArray s = state.get(STEP_KEY);
        Checks.arg(
                s != null && s.size() == 1,
                "optimizer state: %s missing or not a scalar",
                STEP_KEY);
        List<String> names = new ArrayList<>();
        for (String key : state.keySet()) {
            if (key.equals(STEP_KEY)) {
                continue;
            }
            Checks.arg(
                    key.endsWith(M) || key.endsWith(V),
                    "optimizer state: unknown key %s (expected %s, <name>%s, <name>%s)",
                    key,
                    STEP_KEY,
                    M,
                    V);
            if (key.endsWith(M)) {
                String name = key.substring(0, key.length() - M.length());
                NDArray vv = state.get(name + V);
                Checks.arg(vv != null, "optimizer state: %s has no %s", key, name + V);
                Checks.arg(
                        vv.getShape().equals(state.get(key).getShape()),
                        "optimizer state: %s has shape %s, %s has %s",
                        key,
                        state.get(key).getShape(),
                        name + V,
                        vv.getShape());
                names.add(name);
            } else {
                String name = key.substring(0, key.length() - V.length());
                Checks.arg(
                        state.containsKey(name + M),
                        "optimizer state: %s has no %s",
                        key,
                        name + M);
            }
        }
        clearState();
        step = s.toType(DataType.INT64, false).getLong();
        for (String name : names) {
            m.put(name, copy(state.get(name + M), manager));
            v.put(name, copy(state.get(name + V), manager));
        }
    }

    /**
     * Checks that every loaded moment belongs to one of {@code params} and has its shape, so that a
     * state saved for another model (another architecture, adapter rank or target list) is refused
     * when it is loaded, naming the key, rather than at the next update.
     */
    public void checkFits(Map<String, NDArray> params) {
        for (Map.Entry<String, NDArray> e : m.entrySet()) {
            NDArray p = params.get(e.getKey());
            Checks.arg(
                    p != null,
                    "optimizer state: %s is not a trainable parameter of this model",
                    e.getKey() + M);
            Checks.arg(
                    p.getShape().equals(e.getValue().getShape()),
                    "optimizer state: %s has shape %s, the parameter has %s",
                    e.getKey() + M,
                    e.getValue().getShape(),
                    p.getShape());
        }
    }

    private NDArray moment(Map<String, NDArray> moments, String name, NDArray theta) {
        NDArray x = moments.get(name);
        if (x == null) {
            x = manager.zeros(theta.getShape(), theta.getDataType(), theta.getDevice());
            NDScope.unregister(x); // optimiser state outlives the step's scope
            moments.put(name, x);
        }
        if (!x.getShape().equals(theta.getShape())) {
            throw new IllegalStateException(
                    String.format(
                            "optimizer state for %s has shape %s, the parameter has %s",
                            name, x.getShape(), theta.getShape()));
        }
        return x;
    }

    private static NDArray copy(NDArray x, NDManager target) {
        NDArray detached = x.stopGradient();
        NDArray c = detached.duplicate();
        detached.close();
        c.attach(target);
        NDScope.unregister(c);
        return c;
    }

    private void clearState() {
        m.values().forEach(NDArray::close);
        v.values().forEach(NDArray::close);
        m.clear();
        v.clear();
    }

    @Override
    public void close() {
        clearState();
        manager.close();
    }
}
