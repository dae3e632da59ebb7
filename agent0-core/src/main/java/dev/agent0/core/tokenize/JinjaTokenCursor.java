package dev.agent0.core.tokenize;

import dev.agent0.core.tokenize.JinjaToken.Type;
import java.util.List;

/**
 * A position in a template's token list, with the expect-or-fail helpers the parsers share.
 *
 * <p>Separate from the parsers because three of them ({@link JinjaParser} for statements, {@link
 * JinjaExprParser} for operators and operands, {@link JinjaPostfixParser} for what follows an
 * operand) consume the same tokens in turn, each continuing where the other stopped.
 */
final class JinjaTokenCursor {
    private final List<JinjaToken> tokens;
    private int pos;

    JinjaTokenCursor(List<JinjaToken> tokens) {
        this.tokens = tokens;
    }

    JinjaToken peek() {
        return tokens.get(pos);
    }

    /** The token {@code ahead} places after the next one, for two-token lookahead. */
    JinjaToken peek(int ahead) {
        return tokens.get(pos + ahead);
    }

    JinjaToken next() {
        return tokens.get(pos++);
    }

    /** Consumes a token the caller already inspected with {@link #peek()}. */
    void skip() {
        pos++;
    }

    void skip(int count) {
        pos += count;
    }

    String name() {
        JinjaToken t = next();
        if (t.type() != Type.NAME) {
            pos--;
            throw error("expected a name, found '" + t.text() + "'");
        }
        return t.text();
    }

    void expect(Type type, String what) {
        if (peek().type() != type) {
            throw error("expected '" + what + "', found '" + peek().text() + "'");
        }
        pos++;
    }

    void expectOp(String op) {
        if (!peek().isOp(op)) {
            throw error("expected '" + op + "', found '" + peek().text() + "'");
        }
        pos++;
    }

    void expectName(String n) {
        if (!peek().isName(n)) {
            throw error("expected '" + n + "', found '" + peek().text() + "'");
        }
        pos++;
    }

    TemplateException error(String message) {
        return TemplateException.at(peek().line(), message);
    }
}
