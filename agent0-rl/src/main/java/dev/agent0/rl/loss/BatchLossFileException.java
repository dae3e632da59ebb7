package dev.agent0.rl.loss;

/** A loss batch file that cannot be used; the message names the file, the field and the problem. */
public final class BatchLossFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BatchLossFileException(String message) {
        super(message);
    }

    public BatchLossFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
