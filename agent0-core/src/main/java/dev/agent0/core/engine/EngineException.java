package dev.agent0.core.engine;

/** A server's request failed for good (after retries), or its response was not usable. */
public final class EngineException extends RuntimeException {
    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
