package dev.agent0.core.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.pytorch.jni.JniUtils;
import dev.agent0.core.model.Projection;
import dev.agent0.core.model.ProjectionAdapter;
import dev.agent0.core.model.QwenConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A LoRA adapter over a Qwen base (Hu et al. 2021; Hugging Face PEFT's {@code LoraLayer}): for each
 * targeted projection of each layer, x·Wᵀ becomes x·Wᵀ + (alpha / r)·(dropout(x)·Aᵀ)·Bᵀ.
 *
 * <p>Parameters carry PEFT's saved names ({@code
 * base_model.model.model.layers.3.self_attn.q_proj.lora_A.weight}, A [r, in], B [out, r]), so
 * {@link PeftAdapterFiles} writes files PEFT and vLLM load unchanged. A fresh adapter is
 * initialised as PEFT does by default: A from Kaiming-uniform with a = √5, i.e. U(−1/√in, 1/√in), B
 * = 0, so the adapted model starts exactly at the base. The arrays live on the manager given at
 * construction; close the adapter to free them.
 */
public final class LoraAdapter implements ProjectionAdapter, AutoCloseable {
    private static final String PREFIX = "base_model.model.model.layers.";

    private final QwenConfig base;
    private final LoraConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> parameters;
    private final NDArray[][] a;
    private final NDArray[][] b;
    private final NDArray scaling;

    private LoraAdapter(
            QwenConfig base, LoraConfig config, NDManager manager, Map<String, NDArray> tensors) {
        this.base = base;
        this.config = config;
        this.manager = manager;
        int layers = base.numHiddenLayers();
        int kinds = Projection.values().length;
        this.a = new NDArray[layers][kinds];
        this.b = new NDArray[layers][kinds];
        Map<String, NDArray> params = new LinkedHashMap<>();
        DataType dtype = null;
        for (int l = 0; l < layers; l++) {
            for (Projection p : config.targets()) {
                a[l][p.ordinal()] = tensors.get(nameA(l, p));
                b[l][p.ordinal()] = tensors.get(nameB(l, p));
                params.put(nameA(l, p), a[l][p.ordinal()]);
                params.put(nameB(l, p), b[l][p.ordinal()]);
                dtype = a[l][p.ordinal()].getDataType();
            }
        }
        this.parameters = Collections.unmodifiableMap(params);
        // A long-lived tensor, not a Number overload: it stays alive for backward (DJL-NOTES.md).
        this.scaling = manager.create((float) config.scaling()).toType(dtype, false);
    }

    /**
     * A fresh adapter: A ~ U(−1/√in, 1/√in) drawn from {@code seed} (layer by layer, projection by
     * projection in {@link Projection} order), B = 0.
     *
     * @param manager the adapter takes a sub-manager of it for its arrays
     */
    public static LoraAdapter init(
            QwenConfig base, LoraConfig config, long seed, NDManager manager, DataType dtype) {
        NDManager own = manager.newSubManager();
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (int l = 0; l < base.numHiddenLayers(); l++) {
            for (Projection p : config.targets()) {
                long in = p.inFeatures(base);
                long out = p.outFeatures(base);
                float[] values = new float[Math.toIntExact(config.r() * in)];
                double bound = 1 / Math.sqrt(in); // kaiming_uniform_(a=√5): gain √(1/3), bound =
                // √3·gain/√in
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
                }
                tensors.put(
                        nameA(l, p),
                        own.create(values, new Shape(config.r(), in)).toType(dtype, false));
                tensors.put(nameB(l, p), own.zeros(new Shape(out, config.r()), dtype));
            }
        }
        return new LoraAdapter(base, config, own, tensors);
    }

    /**
     * Wraps loaded tensors after checking that every name and shape is what {@code config} over
     * {@code base} needs; an IllegalArgumentException names the first missing, extra or misshapen
     * one. The arrays must live on {@code manager}, which the adapter then owns.
     */
    static LoraAdapter of(
            QwenConfig base, LoraConfig config, NDManager manager, Map<String, NDArray> tensors) {
        Map<String, long[]> expected = expectedShapes(base, config);
        for (String n : tensors.keySet()) {
            if (!expected.containsKey(n)) {
                throw new IllegalArgumentException(
                        "unexpected tensor "
                                + n
                                + " (not an adapter of "
                                + config.targets()
                                + " over a "
                                + base.numHiddenLayers()
                                + "-layer model)");
            }
        }
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            NDArray t = tensors.get(e.getKey());
            if (t == null) {
                throw new IllegalArgumentException("missing tensor " + e.getKey());
            }
            if (!java.util.Arrays.equals(t.getShape().getShape(), e.getValue())) {
                throw new IllegalArgumentException(
                        e.getKey()
                                + " has shape "
                                + t.getShape()
                                + ", expected "
                                + java.util.Arrays.toString(e.getValue()));
            }
        }
        return new LoraAdapter(base, config, manager, tensors);
    }

    /**
     * PEFT's tensor names and shapes for {@code config} over {@code base}, A before B per
     * projection.
     */
    public static Map<String, long[]> expectedShapes(QwenConfig base, LoraConfig config) {
        Map<String, long[]> s = new LinkedHashMap<>();
        for (int l = 0; l < base.numHiddenLayers(); l++) {
            for (Projection p : config.targets()) {
                s.put(nameA(l, p), new long[] {config.r(), p.inFeatures(base)});
                s.put(nameB(l, p), new long[] {p.outFeatures(base), config.r()});
            }
        }
        return s;
    }

    /** PEFT's name of A for projection {@code p} of layer {@code layer}. */
    public static String nameA(int layer, Projection p) {
        return PREFIX + layer + "." + p.path() + ".lora_A.weight";
    }

    /** PEFT's name of B for projection {@code p} of layer {@code layer}. */
    public static String nameB(int layer, Projection p) {
        return PREFIX + layer + "." + p.path() + ".lora_B.weight";
    }

    public LoraConfig config() {
        return config;
    }

    /** The architecture this adapter fits. */
    public QwenConfig baseConfig() {
        return base;
    }

    /** A of projection {@code p} in layer {@code layer}, or null when not targeted. */
    public NDArray a(int layer, Projection p) {
        return a[layer][p.ordinal()];
    }

    /** B of projection {@code p} in layer {@code layer}, or null when not targeted. */
    public NDArray b(int layer, Projection p) {
        return b[layer][p.ordinal()];
    }

    /** (alpha / r)·(dropout(x)·Aᵀ)·Bᵀ; dropout acts only while grad mode is on (training). */
    @Override
    public NDArray delta(int layer, Projection p, NDArray x) {
        NDArray pa = a[layer][p.ordinal()];
        if (pa == null) {
            return null;
        }
        NDArray in =
                config.dropout() > 0 && JniUtils.isGradMode()
                        ? Dropout.dropout(x, (float) config.dropout(), true).singletonOrThrow()
                        : x;
        NDArray low = Linear.linear(in, pa).singletonOrThrow(); // [..., r]
        return Linear.linear(low, b[layer][p.ordinal()]).singletonOrThrow().mul(scaling);
    }

    /** A and B of every targeted projection by PEFT name: the trainable parameters. */
    @Override
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /** Frees the adapter's arrays. */
    @Override
    public void close() {
        manager.close();
    }
}
