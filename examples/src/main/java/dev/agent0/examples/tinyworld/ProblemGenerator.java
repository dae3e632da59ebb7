package dev.agent0.examples.tinyworld;

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

    /** The next problem at {@code level}. */
    public ArithmeticProblem next(DifficultyLevel level) {
        StringBuilder sb = new StringBuilder();
        sb.append(operand(level.digits()));
        for (int k = 0; k < level.operations(); k++) {
            double u = random.nextDouble();
            sb.append(u < PLUS ? '+' : u < PLUS + MINUS ? '-' : '*');
            sb.append(operand(level.digits()));
        }
        return new ArithmeticProblem(sb.toString(), level);
    }

    /** The next problem at a uniformly drawn level. */
    public ArithmeticProblem next() {
        DifficultyLevel[] levels = DifficultyLevel.values();
        return next(levels[random.nextInt(levels.length)]);
    }

    private long operand(int digits) {
        if (digits == 1) {
            return random.nextInt(10);
        }
        long low = (long) Math.pow(10, digits - 1);
        return low + random.nextLong(9 * low);
    }
}
