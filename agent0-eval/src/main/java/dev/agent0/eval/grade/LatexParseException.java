package dev.agent0.eval.grade;

/** A LaTeX answer the value grader cannot read; the message names the offending piece. */
public final class LatexParseException extends RuntimeException {
    public LatexParseException(String message) {
        super(message);
    }
}
