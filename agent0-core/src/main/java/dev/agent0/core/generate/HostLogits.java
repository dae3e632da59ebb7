package dev.agent0.core.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads a float32 CPU tensor into a Java array through a view of its own storage.
 *
 * <p>Why not {@code NDArray.toFloatArray()}: that first copies the tensor into a fresh native
 * buffer, then into the array. A sampling step copies [rows, vocabulary] logits to the host at
 * every token (64 rows × 151,669 ids = 39 MB), so that is one 39 MB allocation and copy per token
 * less. (It was suspected of the 0.6B-4-layer memory benchmark's gap to the planner; measured, it
 * is not: curation sampling peaked at 4.96 GiB before and 4.93 GiB after, docs/memory.md.) For a
 * non-contiguous tensor the engine hands out a copy instead, with the same values.
 */
final class HostLogits {
    private HostLogits() {}

    /** The values of {@code a} (float32, on the CPU) in row-major order. */
    static float[] read(NDArray a) {
        if (a.getDataType() != DataType.FLOAT32 || a.getDevice().isGpu()) {
            return a.toFloatArray();
        }
        ByteBuffer bytes = a.toByteBuffer(true).order(ByteOrder.nativeOrder());
        float[] out = new float[Math.toIntExact(a.size())];
        bytes.asFloatBuffer().get(out);
        return out;
    }
}
