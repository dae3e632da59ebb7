package dev.agent0.rl;

/** Argument checks that name the bad parameter and its value, shared by the RL packages. */
public final class Checks {
    private Checks() {}

    /**
     * Throws {@link IllegalArgumentException} with a formatted message when {@code ok} is false.
     *
     * @param ok the condition that must hold
     * @param message a {@link String#format} pattern naming the parameter, its value and the rule
     * @param args the pattern's arguments
     */
    public static void arg(boolean ok, String message, Object... args) {
        if (!ok) {
            throw new IllegalArgumentException(String.format(message, args));
        }
    }

    /** True when {@code x} is a finite number in {@code [lo, hi]}. */
    public static boolean within(double x, double lo, double hi) {
        return Double.isFinite(x) && x >= lo && x <= hi;
    }
}
