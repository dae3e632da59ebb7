package dev.agent0.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.agent0.core.runtime.NoGradient;

/**
 * Per-layer keys and values, [batch, kvHeads, columns, headDim] each, written in place, that grow
 * with the tokens actually fed, up to a fixed capacity.
 *
 * <p>All sequences of a batch share the column index: column j holds the j-th token fed to the
 * model for every row (padding included; the attention mask hides it). The arrays start at {@value
 * #INITIAL_COLUMNS} columns (or the capacity, if smaller) and double, copying what they hold, when
 * a write needs more, never beyond the capacity: memory follows the longest row's actual length,
 * not the worst-case budget (an executor row of the reference config reserves ~23 k columns, 6.8 GB
 * at 4B, and typically uses a few hundred). Reads and writes see the same values as a preallocated
 * cache. Owned by the manager given at construction; close the cache (or that manager) to free it.
 */
public final class KvCache implements AutoCloseable {
    /** Columns allocated at first; each growth doubles the allocation. */
    public static final int INITIAL_COLUMNS = 256;

    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final Shape rowShape; // [batch, kvHeads, ·, headDim] with 0 columns
    private final DataType dtype;
    private final int batch;
    private final int capacity;
    private int allocated;

    /** A cache for {@code batch} rows of up to {@code capacity} tokens (allocated as they come). */
    public KvCache(QwenConfig config, int batch, int capacity, NDManager parent, DataType dtype) {
        if (batch <= 0 || capacity <= 0) {
            throw new IllegalArgumentException(
                    "batch = " + batch + ", capacity = " + capacity + ", both must be > 0");
        }
        this.manager = parent.newSubManager();
        this.batch = batch;
        this.capacity = capacity;
        this.dtype = dtype;
        this.rowShape = new Shape(batch, config.numKeyValueHeads(), 0, config.headDim());
        keys = new NDArray[config.numHiddenLayers()];
        values = new NDArray[config.numHiddenLayers()];
        allocate(allocatedFor(1, capacity));
    }

    /** Rows of the batch. */
    public int batch() {
        return batch;
    }

    /** Columns available at most. */
    public int capacity() {
        return capacity;
    }

    /** Columns allocated now (what the cache occupies), at most {@link #capacity()}. */
    public int allocated() {
        return allocated;
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
        if (end > allocated) {
            grow((int) end);
        }
        NDIndex write = new NDIndex().addAllDim(2).addSliceDim(start, end);
        keys[layer].set(write, k);
        values[layer].set(write, v);
        NDIndex read = new NDIndex().addAllDim(2).addSliceDim(0, end);
        return new NDArray[] {keys[layer].get(read), values[layer].get(read)};
    }

    /**
     * Doubles the allocation (at least to {@code needed}, at most to the capacity), keeping the
     * contents. One layer at a time, so the growth holds the new allocation plus one old layer.
     */
    private void grow(int needed) {
        int columns = allocatedFor(needed, capacity);
        int kept = allocated;
        try (NoGradient off = NoGradient.enter()) {
            NDIndex held = new NDIndex().addAllDim(2).addSliceDim(0, kept);
            for (int l = 0; l < keys.length; l++) {
                NDArray oldKey = keys[l];
                NDArray oldValue = values[l];
                allocate(l, columns);
                try (NDArray k = oldKey.get(held);
                        NDArray v = oldValue.get(held)) {
                    keys[l].set(held, k);
                    values[l].set(held, v);
                }
                oldKey.close();
                oldValue.close();
            }
        }
        allocated = columns;
    }

    private void allocate(int columns) {
        for (int l = 0; l < keys.length; l++) {
            allocate(l, columns);
        }
        allocated = columns;
    }

    private void allocate(int layer, int columns) {
        Shape shape = new Shape(rowShape.get(0), rowShape.get(1), columns, rowShape.get(3));
        keys[layer] = manager.zeros(shape, dtype);
        values[layer] = manager.zeros(shape, dtype);
        // The cache outlives the step's NDScope it may grow in; its manager frees it.
        NDScope.unregister(keys[layer], values[layer]);
    }

    /**
     * Columns a cache of {@code capacity} has allocated once it holds {@code columns}: {@value
     * #INITIAL_COLUMNS} (or the capacity, if smaller), doubled until they hold them, at most the
     * capacity.
     */
    public static int allocatedFor(int columns, int capacity) {
        int allocated = Math.min(capacity, INITIAL_COLUMNS);
        while (allocated < columns) {
            allocated = Math.min(capacity, allocated * 2);
        }
        return allocated;
    }

    /**
     * Bytes one row's cache occupies per column: keys and values of every layer, {@code 2 · layers
     * · kvHeads · headDim · dtype size} (Qwen3-0.6B in FP32: 229,376 B).
     */
    public static long bytesPerColumn(QwenConfig config, DataType dtype) {
        return 2L
                * config.numHiddenLayers()
                * config.numKeyValueHeads()
                * config.headDim()
                * dtype.getNumOfBytes();
    }

    /**
     * The most rows whose caches of {@code capacity} columns, their worst case, fit in {@code
     * bytes} (at least 1: a single row is never refused here; the planner says when even that does
     * not fit).
     */
    public static int rowsWithin(QwenConfig config, DataType dtype, long bytes, int capacity) {
        long perRow = bytesPerColumn(config, dtype) * Math.max(1, capacity);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytes / perRow));
    }

    @Override
    public void close() {
        manager.close();
    }
}
