package dev.agent0.core.runtime;

/**
 * Switches DJL to offline mode and opts out of its usage tracking.
 *
 * <p>DJL's engine and tokenizer classes contact outside addresses in their static initialisers
 * unless {@code ai.djl.offline} and {@code OPT_OUT_TRACKING} are set, so this class must run before
 * any DJL class loads. It imports nothing from DJL on purpose: loading it cannot trigger the very
 * initialisers it guards against.
 */
public final class OfflineMode {
    /** System property that stops DJL from downloading engines, models and metadata. */
    public static final String OFFLINE_PROPERTY = "ai.djl.offline";

    /** System property (also read as an environment variable) that disables DJL telemetry. */
    public static final String TRACKING_PROPERTY = "OPT_OUT_TRACKING";

    private OfflineMode() {}

    /**
     * Sets both properties to {@code true}. Idempotent and cheap; overrides a caller's {@code
     * false}, because this library never phones home.
     */
    public static void enforce() {
        System.setProperty(OFFLINE_PROPERTY, "true");
        System.setProperty(TRACKING_PROPERTY, "true");
    }

    /** True when both properties are set to {@code true} in this JVM. */
    public static boolean isEnforced() {
        return "true".equals(System.getProperty(OFFLINE_PROPERTY))
                && "true".equals(System.getProperty(TRACKING_PROPERTY));
    }
}
