package dev.agent0.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Preallocated per-layer keys and values, [batch, kvHeads, capacity, headDim] each, written in
 * place.
 *
 * <p>All sequences of a batch share the column index: column j holds the j-th token fed to the
 * model for every row (padding included; the attention mask hides it). Owned by the manager given
 * at construction; close the cache (or that manager) to free it.
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final int batch;
    private final int capacity;

    /** Allocates zeroed arrays for {@code batch} rows of up to {@code capacity} tokens. */
    public KvCache(QwenConfig config, int batch, int capacity, NDManager parent, DataType dtype) {
        if (batch <= 0 || capacity <= 0) {
            throw new IllegalArgumentException(
                    "batch = " + batch + ", capacity = " + capacity + ", both must be > 0");
        }
        this.manager = parent.newSubManager();
        this.batch = batch;
        this.capacity = capacity;
        Shape shape = new Shape(batch, config.numKeyValueHeads(), capacity, config.headDim());
        keys = new NDArray[config.numHiddenLayers()];
        values = new NDArray[config.numHiddenLayers()];
        for (int l = 0; l < keys.length; l++) {
            keys[l] = manager.zeros(shape, dtype);
            values[l] = manager.zeros(shape, dtype);
        }
    }

    /** Rows of the batch. */
    public int batch() {
        return batch;
    }

    /** Columns available. */
    public int capacity() {
        return capacity;
    }

    /**
     * Writes k, v [B, kvHeads, T, D] of {@code layer} at columns [start, start + T) and returns the
     * cached keys and values of columns [0, start + T).
     */
    NDArray[] appendAndRead(int layer, int start, NDArray k, NDArray v) {
        long end = start + k.getShape().get(2);
        if (end > capacity) {
            throw new IllegalStateException(
                    "KV cache full: need " + end + " columns, capacity " + capacity);
        }
        NDIndex write = new NDIndex().addAllDim(2).addSliceDim(start, end);
        keys[layer].set(write, k);
        values[layer].set(write, v);
        NDIndex read = new NDIndex().addAllDim(2).addSliceDim(0, end);
        return new NDArray[] {keys[layer].get(read), values[layer].get(read)};
    }

    @Override
    public void close() {
        manager.close();
    }
}
