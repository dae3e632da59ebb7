package dev.agent0.rl.train;

import dev.agent0.rl.Checks;

/**
 * Counters a trainer needs to resume exactly, stored as {@code trainer_state.json} in a checkpoint.
 *
 * @param trainer which trainer wrote it ("policy" or "sft")
 * @param steps calls of {@code step} completed
 * @param updates optimiser updates attempted
 * @param skippedUpdates updates skipped for a NaN/∞ loss or gradient
 */
public record TrainerState(String trainer, long steps, long updates, long skippedUpdates) {
    public TrainerState {
        Checks.arg(trainer != null && !trainer.isBlank(), "trainer is empty");
        Checks.arg(steps >= 0, "steps = %s, must be >= 0", steps);
        Checks.arg(updates >= 0, "updates = %s, must be >= 0", updates);
        Checks.arg(
                skippedUpdates >= 0 && skippedUpdates <= updates,
                "skippedUpdates = %s, must be in [0, updates = %s]",
                skippedUpdates,
                updates);
    }
}
