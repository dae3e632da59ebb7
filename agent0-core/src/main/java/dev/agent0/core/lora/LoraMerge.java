package dev.agent0.core.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.agent0.core.model.Projection;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.runtime.NoGradient;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Folds a LoRA adapter into its base: W' = W + (alpha / r)·B·A for every targeted projection, the
 * other weights copied unchanged (PEFT's {@code merge_and_unload}). The result is a plain Hugging
 * Face checkpoint ({@link QwenWeights#save}) that needs no adapter support to load; the base is not
 * modified.
 */
public final class LoraMerge {
    private LoraMerge() {}

    /**
     * The merged weights, as new arrays on {@code manager} in the base's dtype.
     *
     * @throws IllegalArgumentException when the adapter was made for another architecture
     */
    public static QwenWeights merge(QwenWeights base, LoraAdapter adapter, NDManager manager) {
        if (!adapter.baseConfig().equals(base.config())) {
            throw new IllegalArgumentException(
                    "the adapter was made for another architecture: "
                            + adapter.baseConfig()
                            + " vs the base's "
                            + base.config());
        }
        try (NoGradient off = NoGradient.enter()) {
            Map<String, NDArray> merged = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : base.parameters().entrySet()) {
                NDArray copy = e.getValue().duplicate();
                copy.attach(manager);
                merged.put(e.getKey(), copy);
            }
            NDArray scaling = manager.create(adapter.config().scaling());
            for (int l = 0; l < base.config().numHiddenLayers(); l++) {
                for (Projection p : adapter.config().targets()) {
                    NDArray w = merged.get(p.weightName(l));
                    NDArray sum;
                    try (NDScope scope = new NDScope()) { // frees the float64 temporaries
                        // In float64, then rounded once: the product and the sum add no error of
                        // their own.
                        NDArray delta =
                                adapter.b(l, p)
                                        .toType(DataType.FLOAT64, true)
                                        .matMul(adapter.a(l, p).toType(DataType.FLOAT64, true))
                                        .mul(scaling);
                        sum =
                                w.toType(DataType.FLOAT64, true)
                                        .add(delta)
                                        .toType(w.getDataType(), true);
                        NDScope.unregister(sum);
                    }
                    sum.attach(manager);
                    w.close();
                    merged.put(p.weightName(l), sum);
                }
            }
            scaling.close();
            return QwenWeights.of(base.config(), merged);
        }
    }
}
