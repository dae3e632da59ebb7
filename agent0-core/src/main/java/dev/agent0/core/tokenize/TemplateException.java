package dev.agent0.core.tokenize;

/**
 * A chat template that cannot be parsed or rendered, or that called {@code raise_exception}.
 *
 * <p>The message names the template line where it is known.
 */
public final class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }

    static TemplateException at(int line, String message) {
        return new TemplateException("chat template line " + line + ": " + message);
    }
}
