package dev.agent0.core.generate;

import java.util.Arrays;

/** A growable float array (per-token log-probs). */
final class FloatList {
    private float[] a = new float[16];
    private int n;

    void add(float v) {
        if (n == a.length) {
            a = Arrays.copyOf(a, a.length * 2);
        }
        a[n++] = v;
    }

    float[] toArray() {
        return Arrays.copyOf(a, n);
    }
}
