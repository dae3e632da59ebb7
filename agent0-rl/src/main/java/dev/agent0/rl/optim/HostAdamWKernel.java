package dev.agent0.rl.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * AdamW's update of one float32 CPU parameter in one pass over its memory, in Java, on the engine's
 * own storage (a direct buffer over each tensor, no copy): the engine's element-wise operations
 * would read and write the parameter, gradient and moments about fourteen times per step, which
 * makes the optimiser step as long as a backward pass for a 0.6B model on 2 cores.
 *
 * <p>Every operation is the engine's, in the same order, each rounded to float32 (the scalars
 * rounded to float32 too). m and v come out bit for bit as the engine's; a few θ in 10⁴ differ in
 * the last bit (one of the engine's large-tensor kernels rounds a step differently; small tensors
 * agree exactly), pinned within 2 ulp by a test. Blocks of the array go to the common fork-join
 * pool; each element depends only on itself, so the split changes nothing.
 */
final class HostAdamWKernel {
    /** Elements per block: four float arrays of 64 KB stay in the core's L2 cache. */
    static final int BLOCK = 1 << 14;

    /**
     * Each thread's four block buffers, reused across blocks and steps (a 0.6B step has ~13 k
     * blocks: fresh arrays would be 3.5 GB of garbage per step).
     */
    private static final ThreadLocal<float[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new float[4][BLOCK]);

    private HostAdamWKernel() {}

    /**
     * True when {@code arrays} are all float32, on the CPU and contiguous, so their storage can be
     * read and written through direct buffers.
     */
    static boolean applies(NDArray... arrays) {
        for (NDArray a : arrays) {
            if (a.getDataType() != DataType.FLOAT32
                    || !a.getDevice().equals(Device.cpu())
                    || a.isSparse()
                    || a.size() > Integer.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    /** The constants of one step, rounded to float32 as the engine rounds scalar operands. */
    record Step(
            float decay,
            float b1,
            float oneMinusB1,
            float b2,
            float oneMinusB2,
            float bc2Sqrt,
            float eps,
            float stepSize) {
        static Step of(AdamWConfig c, double lr, double stepSize, double bc2Sqrt) {
            return new Step(
                    (float) (1 - lr * c.weightDecay()),
                    (float) c.beta1(),
                    (float) (1 - c.beta1()),
                    (float) c.beta2(),
                    (float) (1 - c.beta2()),
                    (float) bc2Sqrt,
                    (float) c.epsilon(),
                    (float) stepSize);
        }
    }

    /**
     * θ, m, v updated in place from g (all the same size, {@link #applies}; θ, m and v with {@link
     * #writesLand}).
     */
    static void update(NDArray theta, NDArray g, NDArray m, NDArray v, Step s) {
        FloatBuffer t = storage(theta);
        FloatBuffer gb = storage(g);
        FloatBuffer mb = storage(m);
        FloatBuffer vb = storage(v);
        int n = (int) theta.size();
        int blocks = (n + BLOCK - 1) / BLOCK;
        IntStream range = IntStream.range(0, blocks);
        if (blocks > 1) {
            range = range.parallel();
        }
        range.forEach(
                b -> {
                    int from = b * BLOCK;
                    int len = Math.min(BLOCK, n - from);
                    float[][] scratch = SCRATCH.get();
                    float[] tt = len == BLOCK ? scratch[0] : new float[len];
                    float[] gg = len == BLOCK ? scratch[1] : new float[len];
                    float[] mm = len == BLOCK ? scratch[2] : new float[len];
                    float[] vv = len == BLOCK ? scratch[3] : new float[len];
                    t.get(from, tt);
                    gb.get(from, gg);
                    mb.get(from, mm);
                    vb.get(from, vv);
                    block(tt, gg, mm, vv, s);
                    t.put(from, tt);
                    mb.put(from, mm);
                    vb.put(from, vv);
                });
    }

    /**
     * The update of one block: θ ← θ·(1 − lr·λ); m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²; θ ←
     * θ − (m / (√v / √(1 − β2^t) + ε))·(lr / (1 − β1^t)), each operation rounded to float32.
     */
    static void block(float[] t, float[] g, float[] m, float[] v, Step s) {
        for (int i = 0; i < t.length; i++) {
            float theta = t[i] * s.decay();
            float gi = g[i];
            float mi = m[i] * s.b1() + gi * s.oneMinusB1();
            float vi = v[i] * s.b2() + (gi * gi) * s.oneMinusB2();
            // sqrt in double then rounded: the correctly rounded float32 square root.
            float denom = (float) Math.sqrt(vi) / s.bc2Sqrt() + s.eps();
            t[i] = theta - (mi / denom) * s.stepSize();
            m[i] = mi;
            v[i] = vi;
        }
    }

    /**
     * A float view of the tensor's own memory (not a copy): the engine hands out a direct buffer
     * over a contiguous CPU tensor's storage.
     */
    private static FloatBuffer storage(NDArray a) {
        ByteBuffer bytes = a.toByteBuffer(true);
        if (!bytes.isDirect()) {
            throw new IllegalStateException("no direct buffer over the storage of " + a.getShape());
        }
        return bytes.asFloatBuffer();
    }

    /**
     * True when writes through {@link #storage} land in {@code a}: the engine hands out a copy
     * instead for a non-contiguous tensor. Probed by flipping the first element's bits through one
     * view and reading them through another (then restoring them).
     */
    static boolean writesLand(NDArray a) {
        FloatBuffer first = storage(a);
        int bits = Float.floatToRawIntBits(first.get(0));
        first.put(0, Float.intBitsToFloat(~bits));
        FloatBuffer second = storage(a);
        boolean lands = Float.floatToRawIntBits(second.get(0)) == ~bits;
        first.put(0, Float.intBitsToFloat(bits));
        return lands;
    }
}
