package dev.agent0.examples.tinyworld;

/**
 * Difficulty levels of the tiny world's arithmetic problems (TINY-WORLD.md): digits per operand and
 * the number of operations. L1 is "3+4"; L6 is "4821-7730*2291+5512".
 */
public enum DifficultyLevel {
    L1(1, 1),
    L2(2, 1),
    L3(2, 2),
    L4(3, 2),
    L5(3, 3),
    L6(4, 3);

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

    /** 1 for L1 … 6 for L6. */
    public int number() {
        return ordinal() + 1;
    }
}
