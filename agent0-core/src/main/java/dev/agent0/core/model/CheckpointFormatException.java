package dev.agent0.core.model;

import java.nio.file.Path;

/** A config or checkpoint file is malformed or disagrees with the model; the message names file and field/tensor. */
public final class CheckpointFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CheckpointFormatException(Path file, String message) {
        super(file.getFileName() + ": " + message);
    }

    public CheckpointFormatException(Path file, String message, Throwable cause) {
        super(file.getFileName() + ": " + message, cause);
    }
}
