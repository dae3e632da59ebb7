package dev.agent0.rl.selfplay;

import java.util.List;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A progress bar on stderr for one long unit of the loop (a curriculum step, the curation, an
 * executor step), one tick per stage (e.g. sample → answer → train) with the running stage's name.
 * The stages are single batched calls with no finer progress to report, so a stage is the tick.
 *
 * <p>Quiet (draws nothing) when stderr is not a terminal, or when the system property {@value
 * #PROPERTY} is {@code false}; {@code true} forces bars on. The loop's one-line log summary per
 * unit is written either way.
 */
final class PhaseProgress implements AutoCloseable {
    /** {@code true}, {@code false} or {@code auto} (default: bars only on a terminal). */
    static final String PROPERTY = "agent0.progress";

    private final ProgressBar bar;
    private final List<String> stages;
    private int current = -1;

    private PhaseProgress(ProgressBar bar, List<String> stages) {
        this.bar = bar;
        this.stages = stages;
    }

    /** Starts a bar named {@code task} with one tick per stage (quiet per {@link #enabled()}). */
    static PhaseProgress start(String task, List<String> stages) {
        ProgressBar bar =
                enabled()
                        ? new ProgressBarBuilder()
                                .setTaskName(task)
                                .setInitialMax(stages.size())
                                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                                .hideEta()
                                .build()
                        : null;
        return new PhaseProgress(bar, List.copyOf(stages));
    }

    /** Whether bars are drawn: the property, else whether a console is attached. */
    static boolean enabled() {
        String p = System.getProperty(PROPERTY, "auto").strip().toLowerCase();
        return switch (p) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> System.console() != null;
        };
    }

    /** Marks the previous stage done and {@code name} running. */
    void stage(String name) {
        int i = stages.indexOf(name);
        current = Math.max(current, i);
        if (bar != null) {
            bar.stepTo(Math.max(0, i));
            bar.setExtraMessage(name);
        }
    }

    /** Index of the running stage (−1 before the first): for tests. */
    int current() {
        return current;
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.stepTo(stages.size());
            bar.close();
        }
    }
}
