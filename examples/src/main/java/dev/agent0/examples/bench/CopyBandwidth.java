package dev.agent0.examples.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Memory copy bandwidth, the denominator of the batch-1 decode bound (weight bytes per token over
 * bytes per second): {@code threads} threads each copy their slice of a {@code mib}-MiB float array
 * with {@link System#arraycopy}.
 *
 * <pre>
 * java -Xmx2g -cp examples/target/agent0.jar dev.agent0.examples.bench.CopyBandwidth [MIB] [THREADS] [REPS]
 * </pre>
 *
 * Bytes moved count the read and the write (STREAM's "copy" convention), so the figure is
 * comparable with a decode step that only reads: the bound divides this by the weight bytes. Prints
 * one JSON line in GB/s (10⁹ bytes).
 */
public final class CopyBandwidth {
    private CopyBandwidth() {}

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int n = mib * (1 << 20) / 4;
        float[] src = new float[n];
        float[] dst = new float[n];
        Arrays.fill(src, 1f);
        Arrays.fill(dst, 2f); // touch every page before timing
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        double[] gbs = new double[reps];
        try {
            for (int r = -2; r < reps; r++) {
                long t = System.nanoTime();
                Future<?>[] parts = new Future<?>[threads];
                for (int k = 0; k < threads; k++) {
                    int from = (int) ((long) n * k / threads);
                    int to = (int) ((long) n * (k + 1) / threads);
                    parts[k] = pool.submit(() -> System.arraycopy(src, from, dst, from, to - from));
                }
                for (Future<?> f : parts) {
                    f.get();
                }
                if (r >= 0) {
                    gbs[r] = 2.0 * n * 4 / (System.nanoTime() - t);
                }
            }
        } finally {
            pool.shutdown();
        }
        Measurement m =
                new Measurement("machine", "copy_bandwidth", threads, mib + " MiB", "GB/s", gbs);
        System.out.println(
                m.json().put("best", gbs.length == 0 ? 0 : Arrays.stream(gbs).max().getAsDouble()));
        System.err.printf(
                Locale.ROOT,
                "copy %d MiB, %d threads: median %.2f GB/s%n",
                mib,
                threads,
                m.median());
    }
}
