package dev.agent0.core.tokenize;

/**
 * Jinja2's default {@code Undefined}: prints as "", is falsy, iterates as empty, has length 0, and
 * fails (with {@link #hint}) on attribute access, arithmetic or JSON serialisation.
 */
final class Undefined {
    final String hint;

    Undefined(String hint) {
        this.hint = hint;
    }

    TemplateException fail() {
        return new TemplateException(hint);
    }
}
