package dev.agent0.core.runtime;

/**
 * How the tensor runtime is set up: device, threads and the seed.
 *
 * @param device {@code "cpu"} (default), {@code "gpu"} (the first GPU; an error when none is
 *     present) or {@code "auto"} (a GPU when present, else the CPU).
 * @param intraOpThreads PyTorch intra-op threads, at least 1. Results on CPU depend on the thread
 *     count, so reproducible runs pin it. Default: available cores.
 * @param interOpThreads PyTorch inter-op threads, at least 1. Default 1.
 * @param seed seed for PyTorch's generator (Java-side samplers take their own seeds from run
 *     configs). Default 42.
 */
public record RuntimeOptions(String device, int intraOpThreads, int interOpThreads, long seed) {
    public RuntimeOptions {
        if (device == null
                || !(device.equals("cpu") || device.equals("gpu") || device.equals("auto"))) {
            throw new IllegalArgumentException(
                    "device = " + device + ", must be one of cpu, gpu, auto");
        }
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException(
                    "intraOpThreads = " + intraOpThreads + ", must be >= 1");
        }
        if (interOpThreads < 1) {
            throw new IllegalArgumentException(
                    "interOpThreads = " + interOpThreads + ", must be >= 1");
        }
    }

    /** CPU, all available cores for intra-op work, one inter-op thread, seed 42. */
    public static RuntimeOptions defaults() {
        return new RuntimeOptions("cpu", Runtime.getRuntime().availableProcessors(), 1, 42L);
    }

    public RuntimeOptions withDevice(String d) {
        return new RuntimeOptions(d, intraOpThreads, interOpThreads, seed);
    }

    public RuntimeOptions withThreads(int intra, int inter) {
        return new RuntimeOptions(device, intra, inter, seed);
    }

    public RuntimeOptions withSeed(long s) {
        return new RuntimeOptions(device, intraOpThreads, interOpThreads, s);
    }
}
