package dev.agent0.core.runtime;

import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * A block in which PyTorch records no autograd graph on the calling thread, restoring the thread's
 * previous grad mode when it ends: {@code try (NoGradient off = NoGradient.enter()) { ... }} or
 * {@code NoGradient.call(() -> ...)}.
 *
 * <p>Why: grad mode is per thread in PyTorch (DJL-NOTES.md: only the engine's initialising thread
 * starts with it off), so inference, scoring, optimiser updates and weight copies must switch it
 * off themselves or they record graphs and leak memory; and they must restore it, because the
 * caller may be inside a training step. Nesting is fine: each block restores what it found.
 */
public final class NoGradient implements AutoCloseable {
    private final boolean previous;

    private NoGradient(boolean previous) {
        this.previous = previous;
    }

    /** Switches grad mode off on this thread until {@link #close()}. */
    public static NoGradient enter() {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        return new NoGradient(previous);
    }

    /** Runs {@code work} with grad mode off and returns its result. */
    public static <T> T call(Supplier<T> work) {
        try (NoGradient off = enter()) {
            return work.get();
        }
    }

    /** Runs {@code work} with grad mode off. */
    public static void run(Runnable work) {
        try (NoGradient off = enter()) {
            work.run();
        }
    }

    /** Restores the grad mode this block started with. */
    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
