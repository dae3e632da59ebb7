package dev.agent0.core.generate;

import java.util.Arrays;

/** A growable int array (token ids without boxing). */
final class IntList {
    private int[] a;
    private int n;

    IntList(int[] init) {
        a = Arrays.copyOf(init, Math.max(16, init.length * 2));
        n = init.length;
    }

    void add(int v) {
        if (n == a.length) {
            a = Arrays.copyOf(a, a.length * 2);
        }
        a[n++] = v;
    }

    void addAll(int[] vs) {
        for (int v : vs) {
            add(v);
        }
    }

    int get(int i) {
        return a[i];
    }

    int size() {
        return n;
    }

    void clear() {
        n = 0;
    }

    int[] slice(int from, int to) {
        return Arrays.copyOfRange(a, from, to);
    }

    int[] toArray() {
        return Arrays.copyOf(a, n);
    }
}
