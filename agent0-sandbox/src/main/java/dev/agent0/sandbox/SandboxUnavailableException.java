package dev.agent0.sandbox;

/**
 * A sandbox could not start: no usable isolation, no Python, or a server that failed its start-up.
 * The message says what is missing and how to fix or opt out.
 */
public final class SandboxUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SandboxUnavailableException(String message) {
        super(message);
    }

    public SandboxUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
