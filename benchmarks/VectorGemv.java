import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * What a matrix-vector product written in Java could read, the question behind batch-1 decode
 * (issue 9): the same 197 FP32 matrices of the Qwen3-0.6B shape as gemv_ceiling.c, the same kernel
 * (four rows per pass sharing each slice of x), with Java 17's incubating Vector API, over weights
 * held either in {@code float[]} (a copy of the model on the Java heap) or in direct ByteBuffers
 * (what a zero-copy view of libtorch's memory gives, {@code torchDirectByteBuffer}). Not part of the
 * build (the incubator module needs a flag on every JVM that loads it); a single-file program:
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -Xmx4g -XX:MaxDirectMemorySize=4g \
 *       benchmarks/VectorGemv.java array|buffer THREADS [REPS]
 * </pre>
 *
 * Prints GB/s of weights read per pass and the median; docs/performance.md has the numbers.
 */
public class VectorGemv {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Rows x cols floats, row-major, in one of the two stores. */
    private record Mat(float[] array, ByteBuffer buffer, int rows, int cols) {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !List.of("array", "buffer").contains(args[0])) {
            System.err.println("usage: VectorGemv array|buffer THREADS [REPS]");
            System.exit(2);
        }
        boolean buffer = args[0].equals("buffer");
        int threads = Integer.parseInt(args[1]);
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int[][] shapes = {{2048, 1024}, {1024, 1024}, {1024, 1024}, {1024, 2048}, {3072, 1024}, {3072, 1024},
            {1024, 3072}};
        List<Mat> mats = new ArrayList<>();
        Random rnd = new Random(1);
        long bytes = 0;
        for (int l = 0; l < 28; l++) {
            for (int[] s : shapes) {
                mats.add(alloc(s[0], s[1], buffer, rnd));
            }
        }
        for (int c = 0; c < 4; c++) { // the 151,936 x 1,024 output projection in four parts (< 2 GB each)
            mats.add(alloc(37_984, 1024, buffer, rnd));
        }
        for (Mat m : mats) {
            bytes += 4L * m.rows() * m.cols();
        }
        float[] x = new float[3072];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextFloat() - 0.5f;
        }
        float[] y = new float[37_984];
        check(mats.get(0), x, y);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads - 1));
        double[] gbs = new double[reps];
        for (int rep = -3; rep < reps; rep++) { // three warm-up passes (JIT)
            long t0 = System.nanoTime();
            for (Mat m : mats) {
                int per = (m.rows() / threads) & ~3;
                List<Future<?>> parts = new ArrayList<>();
                for (int t = 1; t < threads; t++) {
                    int r0 = t * per;
                    int r1 = t == threads - 1 ? m.rows() : (t + 1) * per;
                    parts.add(pool.submit(() -> gemv(m, x, y, r0, r1)));
                }
                gemv(m, x, y, 0, threads == 1 ? m.rows() : per);
                for (Future<?> f : parts) {
                    f.get();
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (rep >= 0) {
                gbs[rep] = bytes / s / 1e9;
            }
        }
        pool.shutdown();
        double[] sorted = gbs.clone();
        Arrays.sort(sorted);
        System.out.printf("%s, %d thread(s), %s: GB/s per pass %s, median %.1f%n", args[0], threads, S,
                Arrays.toString(Arrays.stream(gbs).map(v -> Math.round(v * 10) / 10.0).toArray()),
                sorted[reps / 2]);
    }

    /** y[r0..r1) = W[r0..r1) x; r0 a multiple of 4, rows left over from the blocks of four done singly. */
    private static void gemv(Mat m, float[] x, float[] y, int r0, int r1) {
        int cols = m.cols();
        int r = r0;
        for (; r + 4 <= r1; r += 4) {
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            for (int i = 0; i + S.length() <= cols; i += S.length()) {
                FloatVector xv = FloatVector.fromArray(S, x, i);
                a0 = load(m, r, i).fma(xv, a0);
                a1 = load(m, r + 1, i).fma(xv, a1);
                a2 = load(m, r + 2, i).fma(xv, a2);
                a3 = load(m, r + 3, i).fma(xv, a3);
            }
            y[r] = a0.reduceLanes(VectorOperators.ADD);
            y[r + 1] = a1.reduceLanes(VectorOperators.ADD);
            y[r + 2] = a2.reduceLanes(VectorOperators.ADD);
            y[r + 3] = a3.reduceLanes(VectorOperators.ADD);
        }
        for (; r < r1; r++) {
            FloatVector a = FloatVector.zero(S);
            for (int i = 0; i + S.length() <= cols; i += S.length()) {
                a = load(m, r, i).fma(FloatVector.fromArray(S, x, i), a);
            }
            y[r] = a.reduceLanes(VectorOperators.ADD);
        }
    }

    private static FloatVector load(Mat m, int row, int col) {
        int index = row * m.cols() + col;
        return m.array() != null ? FloatVector.fromArray(S, m.array(), index)
                : FloatVector.fromByteBuffer(S, m.buffer(), 4 * index, ByteOrder.nativeOrder());
    }

    /** The kernel against a plain double-precision loop on one matrix (cols are multiples of the lanes). */
    private static void check(Mat m, float[] x, float[] y) {
        gemv(m, x, y, 0, m.rows());
        for (int r = 0; r < m.rows(); r++) {
            double s = 0;
            for (int i = 0; i < m.cols(); i++) {
                s += (double) get(m, r * m.cols() + i) * x[i];
            }
            if (Math.abs(s - y[r]) > 1e-3) {
                throw new AssertionError("row " + r + ": kernel " + y[r] + ", plain loop " + s);
            }
        }
    }

    private static float get(Mat m, int index) {
        return m.array() != null ? m.array()[index] : m.buffer().getFloat(4 * index);
    }

    private static Mat alloc(int rows, int cols, boolean buffer, Random rnd) {
        int n = rows * cols;
        if (buffer) {
            ByteBuffer b = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder());
            for (int i = 0; i < n; i += 97) {
                b.putFloat(4 * i, rnd.nextFloat() - 0.5f);
            }
            return new Mat(null, b, rows, cols);
        }
        float[] a = new float[n];
        for (int i = 0; i < n; i += 97) {
            a[i] = rnd.nextFloat() - 0.5f;
        }
        return new Mat(a, null, rows, cols);
    }
}
