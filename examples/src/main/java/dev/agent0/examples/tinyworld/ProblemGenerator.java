package dev.agent0.examples.tinyworld;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws tiny-world problems: operands with the level's digit count, operations {@code + - *}
 * weighted .4 / .35 / .25 (TINY-WORLD.md). Deterministic for a given seed.
 */
public final class ProblemGenerator {
    private static final double PLUS = 0.40;
    private static final double MINUS = 0.35;

    private final SplittableRandom random;

    public ProblemGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /**
     * The next problem at {@code level}. A frontier draw whose value would not fit in a long (a
     * chain of five 4-digit products, 0.4 % of F3 draws) is drawn again; L1..L6 values always fit.
     */
    public ArithmeticProblem next(DifficultyLevel level) {
        while (true) {
            ArithmeticProblem p = draw(level);
            if (!level.frontier() || fits(p)) {
                return p;
            }
        }
    }

    /**
     * A problem of mixed shape (the frontier world's base corpus): 1 to 3 operations, every operand
     * 1 to 4 digits long independently, so the shapes cover the whole L1..L6 envelope rather than
     * its six corners. Its level is the hardest of L1..L6 it {@linkplain
     * DifficultyLevel#hardestReached reaches} (the corpus's per-level rates apply by it).
     */
    public ArithmeticProblem nextMixed() {
        int operations = 1 + random.nextInt(3);
        StringBuilder sb = new StringBuilder();
        int maxDigits = 0;
        for (int k = 0; k <= operations; k++) {
            if (k > 0) {
                sb.append(operator());
            }
            int digits = 1 + random.nextInt(4);
            maxDigits = Math.max(maxDigits, digits);
            sb.append(operand(digits));
        }
        return new ArithmeticProblem(
                sb.toString(),
                DifficultyLevel.hardestReached(
                                maxDigits, operations, DifficultyLevel.IN_DISTRIBUTION)
                        .orElseThrow()); // at least 1 operation and 1 digit: L1 at least
    }

    private static boolean fits(ArithmeticProblem p) {
        try {
            p.value();
            return true;
        } catch (ArithmeticException overflow) {
            return false;
        }
    }

    private ArithmeticProblem draw(DifficultyLevel level) {
        StringBuilder sb = new StringBuilder();
        sb.append(operand(level.digits()));
        for (int k = 0; k < level.operations(); k++) {
            sb.append(operator());
            sb.append(operand(level.digits()));
        }
        return new ArithmeticProblem(sb.toString(), level);
    }

    /** The next problem at a level drawn uniformly from L1..L6. */
    public ArithmeticProblem next() {
        return next(DifficultyLevel.IN_DISTRIBUTION);
    }

    /** The next problem at a level drawn uniformly from {@code levels}. */
    public ArithmeticProblem next(List<DifficultyLevel> levels) {
        return next(levels.get(random.nextInt(levels.size())));
    }

    private char operator() {
        double u = random.nextDouble();
        return u < PLUS ? '+' : u < PLUS + MINUS ? '-' : '*';
    }

    private long operand(int digits) {
        if (digits == 1) {
            return random.nextInt(10);
        }
        long low = (long) Math.pow(10, digits - 1);
        return low + random.nextLong(9 * low);
    }
}
