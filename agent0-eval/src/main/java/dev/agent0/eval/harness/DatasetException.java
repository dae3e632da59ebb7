package dev.agent0.eval.harness;

/**
 * A data file that cannot be read as the expected format; the message names file, line and field.
 */
public final class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
