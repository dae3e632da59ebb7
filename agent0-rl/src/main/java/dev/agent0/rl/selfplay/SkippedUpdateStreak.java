package dev.agent0.rl.selfplay;

import dev.agent0.rl.train.StepMetrics;

/**
 * Optimiser updates skipped in a row because the loss or the gradient norm was NaN/∞, counted over
 * both agents' trainer steps in the order the loop runs them: the divergence signal behind {@code
 * monitors.maxSkippedUpdatesInARow}.
 *
 * <p>A skipped update leaves parameters and optimiser state as they were ({@code
 * PolicyTrainer.step}), so one bad mini-batch costs nothing and is tolerated; when update after
 * update is skipped, the weights themselves produce the NaN and nothing the loop does next can
 * change them. The counting rule, per trainer step (the only granularity metrics.jsonl records):
 *
 * <ul>
 *   <li>every attempted update skipped: the streak grows by the step's updates;
 *   <li>at least one update applied: the streak restarts at 0. The order of applied and skipped
 *       updates inside a step is not logged; skipped ones after the last applied one are not
 *       counted, which delays a stop by at most one step;
 *   <li>no update attempted (no trainer metrics, e.g. an executor step without curated problems):
 *       unchanged.
 * </ul>
 *
 * <p>The streak is derived, not stored: a resumed run replays the committed metrics lines ({@link
 * RunLog#skippedUpdateStreak}), so a killed and resumed run counts exactly as an uninterrupted one.
 */
final class SkippedUpdateStreak {
    private final int limit;
    private int length;

    /**
     * An empty streak.
     *
     * @param limit skipped updates in a row that end the run; 0 = never
     */
    SkippedUpdateStreak(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit = " + limit + ", must be >= 0");
        }
        this.limit = limit;
    }

    /** Adds one trainer step; null metrics (nothing trained) leave the streak unchanged. */
    void add(StepMetrics metrics) {
        if (metrics != null) {
            add(metrics.updates().updates(), metrics.updates().skippedUpdates());
        }
    }

    /**
     * Adds one trainer step that attempted {@code updates} updates and skipped {@code skipped} of
     * them.
     */
    void add(int updates, int skipped) {
        if (skipped < 0 || skipped > updates) {
            throw new IllegalArgumentException(
                    "skipped = " + skipped + ", must be in [0, updates = " + updates + "]");
        }
        if (updates == 0) {
            return;
        }
        length = skipped == updates ? length + skipped : 0;
    }

    /** Skipped updates in a row so far. */
    int length() {
        return length;
    }

    /** The configured limit; 0 = never stop. */
    int limit() {
        return limit;
    }

    /** True when the run must stop: a limit is set and the streak has reached it. */
    boolean reached() {
        return limit > 0 && length >= limit;
    }

    /**
     * Why the run stops, for the run log and {@code state.json}; {@code where} names the step that
     * reached the limit (e.g. {@code iteration 2, executor step 5}).
     */
    String reason(String where) {
        return String.format(
                "%d updates in a row skipped (loss or gradient NaN/∞) up to %s: the run stopped on"
                        + " its last good checkpoint (monitors.maxSkippedUpdatesInARow = %d)",
                length, where, limit);
    }
}
