package dev.agent0.rl.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.agent0.core.model.SafetensorsFile;
import dev.agent0.core.model.SafetensorsWriter;
import dev.agent0.core.model.TensorDType;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves and restores {@link AdamW} state as one safetensors file (F32), written atomically by
 * {@code dev.agent0.core.model.SafetensorsWriter}.
 *
 * <p>Keys are those of {@link AdamW#state}; the step counter is stored as an F32 tensor of shape
 * [1], exact below 2^24 steps (checked). Moments are stored as F32, the training dtype, so a
 * float32 run resumes bit-identically; float64 moments would be rounded.
 */
public final class OptimizerStateFile {
    private static final long MAX_EXACT_STEP = 1L << 24;

    private OptimizerStateFile() {}

    /** Writes the optimiser's state to {@code file}, replacing it atomically. */
    public static void save(AdamW optimizer, Path file) {
        if (optimizer.steps() >= MAX_EXACT_STEP) {
            throw new IllegalStateException(
                    "step = "
                            + optimizer.steps()
                            + " cannot be stored exactly as F32 (limit 2^24)");
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, SafetensorsWriter.Tensor> out = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : optimizer.state(m).entrySet()) {
                NDArray x = e.getValue().toType(DataType.FLOAT32, false);
                long[] shape =
                        e.getKey().equals(AdamW.STEP_KEY)
                                ? new long[] {1}
                                : x.getShape().getShape();
                out.put(
                        e.getKey(),
                        new SafetensorsWriter.Tensor(shape, x.toFloatArray(), TensorDType.F32));
            }
            SafetensorsWriter.write(file, out);
        }
    }

    /**
     * Replaces the optimiser's state with the one in {@code file}. Arrays are read into a temporary
     * sub-manager of {@code m} and closed; the optimiser keeps its own copies.
     */
    public static void load(AdamW optimizer, Path file, NDManager m) {
        try (SafetensorsFile f = SafetensorsFile.open(file);
                NDManager tmp = m.newSubManager()) {
            Map<String, NDArray> state = new LinkedHashMap<>();
            for (SafetensorsFile.Entry e : f.entries().values()) {
                NDArray x = tmp.create(f.readFloats(e.name()), new Shape(e.shape()));
                state.put(
                        e.name(),
                        e.name().equals(AdamW.STEP_KEY)
                                ? x.toType(DataType.INT64, false).reshape(new Shape())
                                : x);
            }
            try {
                optimizer.loadState(state);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(file + ": " + ex.getMessage(), ex);
            }
        }
    }
}
