package dev.agent0.core.model;

import java.nio.file.Path;

/**
 * A config or checkpoint file is malformed or disagrees with the model; the message starts with the
 * file's path and names the field or tensor.
 */
public final class CheckpointFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CheckpointFormatException(Path file, String message) {
        super(file + ": " + message);
    }

    public CheckpointFormatException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
    }
}
