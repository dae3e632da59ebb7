package dev.agent0.examples.tinyworld;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tiny world's fixed held-out evaluation set: {@code perLevel} distinct problems at every
 * difficulty level, drawn once from a seed of its own.
 *
 * <p>The problems carry their ground truth ({@link ArithmeticProblem#value()}), which only
 * evaluation may read: nothing here feeds training. The seed differs from any training seed, so the
 * set is a fresh sample of the same distribution; it is not guaranteed disjoint from what a
 * training generator draws (at L1 there are only 300 distinct problems).
 *
 * <p>Level L is drawn from its own generator, seeded {@code seed + L}, so the first n problems of a
 * level are the same for every {@code perLevel ≥ n}: a smaller set is a prefix of a larger one, and
 * the frontier world's L1..L6 problems are the first world's.
 */
public final class HeldOutSet {
    /** The default seed: distinct from the small seeds training runs use. */
    public static final long DEFAULT_SEED = 0x7E57_5E7L;

    /** Problems per level by default (TINY-WORLD.md measured the prototype on 40 per level). */
    public static final int DEFAULT_PER_LEVEL = 40;

    /** L1 has 10 · 3 · 10 = 300 distinct problems; draw well below that. */
    public static final int MAX_PER_LEVEL = 200;

    private final long seed;
    private final Map<DifficultyLevel, List<ArithmeticProblem>> byLevel =
            new EnumMap<>(DifficultyLevel.class);

    /**
     * The first world's set: levels L1..L6.
     *
     * @param seed seed of the draw; {@link #DEFAULT_SEED} for the standard set
     * @param perLevel distinct problems per level, 1 to {@link #MAX_PER_LEVEL}
     */
    public HeldOutSet(long seed, int perLevel) {
        this(seed, perLevel, DifficultyLevel.IN_DISTRIBUTION);
    }

    /**
     * @param seed seed of the draw; {@link #DEFAULT_SEED} for the standard set
     * @param perLevel distinct problems per level, 1 to {@link #MAX_PER_LEVEL}
     * @param levels the levels, at least one, in the order of {@link #all()}
     */
    public HeldOutSet(long seed, int perLevel, List<DifficultyLevel> levels) {
        if (levels == null || levels.isEmpty()) {
            throw new IllegalArgumentException("levels must name at least one level");
        }
        if (perLevel < 1 || perLevel > MAX_PER_LEVEL) {
            throw new IllegalArgumentException(
                    "perLevel = "
                            + perLevel
                            + ", must be in [1, "
                            + MAX_PER_LEVEL
                            + "] (L1 has only 300 distinct problems)");
        }
        this.seed = seed;
        for (DifficultyLevel level : levels) {
            byLevel.put(level, draw(seed, level, perLevel));
        }
    }

    /** The standard set: {@link #DEFAULT_PER_LEVEL} problems per level, {@link #DEFAULT_SEED}. */
    public static HeldOutSet standard() {
        return new HeldOutSet(DEFAULT_SEED, DEFAULT_PER_LEVEL);
    }

    private static List<ArithmeticProblem> draw(long seed, DifficultyLevel level, int perLevel) {
        ProblemGenerator generator = new ProblemGenerator(seed + level.number());
        // Distinct expressions: a repeated problem would count twice in pass@1.
        Set<String> seen = new LinkedHashSet<>();
        List<ArithmeticProblem> out = new ArrayList<>(perLevel);
        while (out.size() < perLevel) {
            ArithmeticProblem p = generator.next(level);
            if (seen.add(p.expression())) {
                out.add(p);
            }
        }
        return Collections.unmodifiableList(out);
    }

    public long seed() {
        return seed;
    }

    /** Problems per level. */
    public int perLevel() {
        return byLevel.values().iterator().next().size();
    }

    /** The set's levels, in order. */
    public List<DifficultyLevel> levels() {
        return List.copyOf(byLevel.keySet());
    }

    /**
     * The problems of one level, in draw order.
     *
     * @throws IllegalArgumentException when the set does not hold {@code level}
     */
    public List<ArithmeticProblem> problems(DifficultyLevel level) {
        List<ArithmeticProblem> problems = byLevel.get(level);
        if (problems == null) {
            throw new IllegalArgumentException(
                    "this held-out set has no " + level + " problems (levels " + levels() + ")");
        }
        return problems;
    }

    /** Every problem, level by level (L1 first), in draw order within a level. */
    public List<ArithmeticProblem> all() {
        List<ArithmeticProblem> all = new ArrayList<>();
        byLevel.values().forEach(all::addAll); // EnumMap: level order
        return Collections.unmodifiableList(all);
    }

    /** Total number of problems. */
    public int size() {
        return perLevel() * byLevel.size();
    }
}
