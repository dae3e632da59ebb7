package dev.agent0.rl.train;

/**
 * The trainers' random source: SplitMix64 (Steele et al. 2014) with its whole state in one {@code
 * long}, so a checkpoint can store it and a resumed run draws the same numbers.
 *
 * <p>{@code java.util.SplittableRandom} uses the same mixing but hides its state; this class exists
 * only to expose it. Not thread-safe.
 */
public final class TrainingRng {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private long state;

    private TrainingRng(long state) {
        this.state = state;
    }

    /** A generator seeded with {@code seed}. */
    public static TrainingRng seeded(long seed) {
        return new TrainingRng(seed);
    }

    /** A generator continuing from a {@link #state()} saved earlier. */
    public static TrainingRng restore(long state) {
        return new TrainingRng(state);
    }

    /** The whole state: restoring it reproduces every later draw. */
    public long state() {
        return state;
    }

    public long nextLong() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound), bound > 0 (rejection sampling, no modulo bias). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound = " + bound + ", must be > 0");
        }
        long rem = (Long.remainderUnsigned(-1L, bound) + 1) % bound; // 2^64 mod bound
        while (true) {
            long r = nextLong();
            // Accept r < 2^64 - rem, a multiple of bound, so every residue is equally likely.
            if (rem == 0 || Long.compareUnsigned(r, -rem) < 0) {
                return (int) Long.remainderUnsigned(r, bound);
            }
        }
    }

    /** The permutation 0..n-1 by Fisher–Yates. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
