package dev.agent0.examples.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark token ids from a closed formula that {@code benchmarks/qwen3_eager.py} evaluates too,
 * so both sides feed identical inputs without sharing a random generator.
 */
public final class BenchInputs {
    private BenchInputs() {}

    /** Token {@code i} of row {@code row}: (row·7919 + i·104729 + i² mod 97 + 11) mod vocab. */
    public static int token(int row, int i, int vocab) {
        long v = (long) row * 7919 + (long) i * 104729 + ((long) i * i) % 97 + 11;
        return (int) (v % vocab);
    }

    /** Row {@code row}, {@code length} tokens. */
    public static int[] row(int row, int length, int vocab) {
        int[] r = new int[length];
        for (int i = 0; i < length; i++) {
            r[i] = token(row, i, vocab);
        }
        return r;
    }

    /** Rows 0..batch−1. */
    public static List<int[]> rows(int batch, int length, int vocab) {
        List<int[]> out = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            out.add(row(b, length, vocab));
        }
        return out;
    }
}
