package dev.agent0.core.tokenize;

import java.nio.file.Path;

/**
 * A tokenizer file that cannot be used: missing, unreadable, or with a field of the wrong form.
 *
 * <p>The message names the file and the field, what was expected and what was found.
 */
public final class TokenizerFileException extends RuntimeException {
    public TokenizerFileException(Path file, String message) {
        super(file + ": " + message);
    }

    public TokenizerFileException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
    }
}
