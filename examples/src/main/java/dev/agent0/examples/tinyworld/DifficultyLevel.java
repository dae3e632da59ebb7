package dev.agent0.examples.tinyworld;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Difficulty levels of the tiny worlds' arithmetic problems: digits per operand and the number of
 * operations.
 *
 * <p>L1..L6 are the first world's levels (TINY-WORLD.md): L1 is "3+4"; L6 is "4821-7730*2291+5512".
 * Every base covers them: its executor transcripts are drawn from them.
 *
 * <p>F1..F3 are the frontier world's held-out frontier (docs/frontier-world.md): more operands and
 * longer expressions and answers than any executor transcript of its base. F1 is as long as L6 in
 * characters with one more operand (19 characters); F2 has six 3-digit operands (23); F3 six
 * 4-digit operands (29 characters, answers up to 16 digits).
 */
public enum DifficultyLevel {
    L1(1, 1),
    L2(2, 1),
    L3(2, 2),
    L4(3, 2),
    L5(3, 3),
    L6(4, 3),
    F1(3, 4),
    F2(3, 5),
    F3(4, 5);

    /** L1..L6: the levels every base's executor transcripts are drawn from. */
    public static final List<DifficultyLevel> IN_DISTRIBUTION = List.of(L1, L2, L3, L4, L5, L6);

    /** F1..F3: beyond every executor transcript of the frontier world's base. */
    public static final List<DifficultyLevel> FRONTIER = List.of(F1, F2, F3);

    private final int digits;
    private final int operations;

    DifficultyLevel(int digits, int operations) {
        this.digits = digits;
        this.operations = operations;
    }

    /** Digits of every operand (the leading digit is never 0 unless the operand has one digit). */
    public int digits() {
        return digits;
    }

    /** Number of binary operations, so operations + 1 operands. */
    public int operations() {
        return operations;
    }

    /** 1 for L1 … 6 for L6, 7 for F1 … 9 for F3 (the order of difficulty). */
    public int number() {
        return ordinal() + 1;
    }

    /** True for F1..F3. */
    public boolean frontier() {
        return FRONTIER.contains(this);
    }

    /**
     * The hardest of {@code among} whose digits and operations a problem with operands up to {@code
     * maxDigits} long and {@code operations} operations reaches: e.g. 4-digit operands with 1
     * operation reach L2 among L1..L6; empty when it reaches none (a bare number: no level has 0
     * operations).
     */
    public static Optional<DifficultyLevel> hardestReached(
            int maxDigits, int operations, List<DifficultyLevel> among) {
        return among.stream()
                .filter(l -> l.digits <= maxDigits && l.operations <= operations)
                .max(Comparator.naturalOrder());
    }

    /** L1..L6 followed by F1..F3. */
    public static List<DifficultyLevel> all() {
        return Arrays.asList(values());
    }
}
