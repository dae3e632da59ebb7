package dev.agent0.rl.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs of rows along an array's first axis holding about {@code maxElements} elements each: views
 * whatever the strides, so in-place ops on them update the array. Used to keep the temporaries of
 * element-wise passes over large parameters small (docs/performance.md, "Where the 0.6B step
 * went").
 */
final class RowSlices {
    private RowSlices() {}

    /**
     * The slices of {@code a}, or an empty list when it is small enough (or has one row) to take
     * whole.
     */
    static List<NDIndex> of(NDArray a, long maxElements) {
        long n = a.size();
        long rows = a.getShape().dimension() == 0 ? 1 : a.getShape().get(0);
        long rowsPerSlice = Math.max(1, maxElements / Math.max(1, n / Math.max(1, rows)));
        List<NDIndex> slices = new ArrayList<>();
        if (n <= maxElements || rowsPerSlice >= rows) {
            return slices;
        }
        for (long from = 0; from < rows; from += rowsPerSlice) {
            slices.add(new NDIndex().addSliceDim(from, Math.min(rows, from + rowsPerSlice)));
        }
        return slices;
    }
}
