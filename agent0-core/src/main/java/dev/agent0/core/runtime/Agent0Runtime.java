package dev.agent0.core.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one entry point that prepares the tensor runtime: offline mode, threads, seed, device.
 *
 * <p>Call {@link #init(RuntimeOptions)} before touching any DJL class. Offline mode is also
 * enforced when this class loads, so merely referencing it is safe. Thread counts are read by
 * PyTorch once, when the engine starts: a later {@code init} with other counts only logs a warning.
 * The seed is applied on every call.
 */
public final class Agent0Runtime {
    private static final Logger LOG = LoggerFactory.getLogger(Agent0Runtime.class);

    /** The PyTorch version the native jar on the class path must provide. */
    public static final String EXPECTED_PYTORCH_VERSION = "2.7.1";

    static {
        OfflineMode.enforce();
    }

    private static RuntimeOptions started;

    private final RuntimeOptions options;
    private final Device device;
    private final Engine engine;

    private Agent0Runtime(RuntimeOptions options, Device device, Engine engine) {
        this.options = options;
        this.device = device;
        this.engine = engine;
    }

    /** Initialises with {@link RuntimeOptions#defaults()}. */
    public static Agent0Runtime init() {
        return init(RuntimeOptions.defaults());
    }

    /**
     * Enforces offline mode, pins threads (first call only), starts the PyTorch engine, seeds it
     * and resolves the device.
     *
     * @throws IllegalArgumentException when {@code device = "gpu"} and no GPU is visible
     */
    public static synchronized Agent0Runtime init(RuntimeOptions options) {
        OfflineMode.enforce();
        if (started == null) {
            System.setProperty(
                    "ai.djl.pytorch.num_threads", Integer.toString(options.intraOpThreads()));
            System.setProperty(
                    "ai.djl.pytorch.num_interop_threads",
                    Integer.toString(options.interOpThreads()));
            started = options;
        } else if (started.intraOpThreads() != options.intraOpThreads()
                || started.interOpThreads() != options.interOpThreads()) {
            LOG.warn(
                    "PyTorch threads are fixed at start-up to {} intra / {} inter; ignoring {} /"
                            + " {}",
                    started.intraOpThreads(),
                    started.interOpThreads(),
                    options.intraOpThreads(),
                    options.interOpThreads());
        }
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed((int) options.seed());
        Device device = resolveDevice(options.device(), engine);
        LOG.info(
                "PyTorch {} on {}, offline, {} intra-op threads, seed {}",
                engine.getVersion(),
                device,
                System.getProperty("ai.djl.pytorch.num_threads"),
                options.seed());
        return new Agent0Runtime(options, device, engine);
    }

    private static Device resolveDevice(String name, Engine engine) {
        int gpus = engine.getGpuCount();
        return switch (name) {
            case "cpu" -> Device.cpu();
            case "auto" -> gpus > 0 ? Device.gpu(0) : Device.cpu();
            case "gpu" -> {
                if (gpus == 0) {
                    throw new IllegalArgumentException(
                            "device = gpu, but PyTorch sees no GPU (CPU natives on the class path?"
                                    + " see docs/gpu.md)");
                }
                yield Device.gpu(0);
            }
            default -> throw new IllegalArgumentException("device = " + name);
        };
    }

    /** The device chosen for models and tensors. */
    public Device device() {
        return device;
    }

    /** The PyTorch engine (version, GPU count). */
    public Engine engine() {
        return engine;
    }

    /** The options this call was made with. */
    public RuntimeOptions options() {
        return options;
    }
}
