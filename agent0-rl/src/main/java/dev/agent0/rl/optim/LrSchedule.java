package dev.agent0.rl.optim;

import dev.agent0.rl.Checks;

/**
 * Learning rate per optimiser step: linear warm-up, then constant or cosine decay.
 *
 * <p>Follows Hugging Face's {@code get_constant_schedule_with_warmup} / {@code
 * get_cosine_schedule_with_warmup} (also used by verl and TRL), where the rate of 0-based step k is
 * peak·f(k):
 *
 * <pre>
 *   f(k) = k / warmupSteps                                        for k &lt; warmupSteps
 *   f(k) = 1                                                      CONSTANT
 *   f(k) = minRatio + (1 − minRatio)·½(1 + cos(π·p)),
 *          p = min(1, (k − warmupSteps) / max(1, totalSteps − warmupSteps))   COSINE
 * </pre>
 *
 * so the first warm-up step has rate 0, exactly as in those libraries.
 *
 * @param peakLr the rate after warm-up; > 0. Default 1e-6 (reference).
 * @param warmupSteps steps of linear warm-up; >= 0. Default 0 (curriculum; executor uses 10).
 * @param totalSteps steps of the whole run, for COSINE; >= warmupSteps. Default 0.
 * @param shape the curve after warm-up. Default {@link ScheduleShape#CONSTANT}.
 * @param minRatio the cosine's floor as a fraction of the peak; in [0, 1]. Default 0.
 */
public record LrSchedule(
        double peakLr, int warmupSteps, int totalSteps, ScheduleShape shape, double minRatio) {
    public LrSchedule {
        Checks.arg(Double.isFinite(peakLr) && peakLr > 0, "peakLr = %s, must be > 0", peakLr);
        Checks.arg(warmupSteps >= 0, "warmupSteps = %s, must be >= 0", warmupSteps);
        Checks.arg(shape != null, "shape = null");
        Checks.arg(
                shape != ScheduleShape.COSINE || totalSteps >= warmupSteps,
                "totalSteps = %s, must be >= warmupSteps = %s for COSINE",
                totalSteps,
                warmupSteps);
        Checks.arg(Checks.within(minRatio, 0, 1), "minRatio = %s, must be in [0, 1]", minRatio);
    }

    /** Constant 1e-6, no warm-up. */
    public static LrSchedule defaults() {
        return new LrSchedule(1e-6, 0, 0, ScheduleShape.CONSTANT, 0);
    }

    public static LrSchedule constant(double peakLr, int warmupSteps) {
        return new LrSchedule(peakLr, warmupSteps, 0, ScheduleShape.CONSTANT, 0);
    }

    public static LrSchedule cosine(
            double peakLr, int warmupSteps, int totalSteps, double minRatio) {
        return new LrSchedule(peakLr, warmupSteps, totalSteps, ScheduleShape.COSINE, minRatio);
    }

    /** The rate of 0-based optimiser step {@code step}. */
    public double lr(long step) {
        Checks.arg(step >= 0, "step = %s, must be >= 0", step);
        if (step < warmupSteps) {
            return peakLr * step / warmupSteps;
        }
        return switch (shape) {
            case CONSTANT -> peakLr;
            case COSINE -> {
                double p =
                        Math.min(
                                1,
                                (double) (step - warmupSteps)
                                        / Math.max(1, totalSteps - warmupSteps));
                yield peakLr * (minRatio + (1 - minRatio) * 0.5 * (1 + Math.cos(Math.PI * p)));
            }
        };
    }
}
