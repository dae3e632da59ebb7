package dev.agent0.core.tokenize;

import dev.agent0.core.tokenize.JinjaNode.Expr;
import dev.agent0.core.tokenize.JinjaNode.LoopSignal;
import dev.agent0.core.tokenize.JinjaNode.Stmt;
import dev.agent0.core.tokenize.JinjaToken.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recursive-descent parser for the Jinja2 subset chat templates use: text, {@code {{ }}} output and
 * the block tags (if, for, set, macro, break, continue, generation). Expressions inside them are
 * parsed by {@link JinjaExprParser}, which follows Jinja2's operator precedence.
 */
final class JinjaParser {
    private final JinjaTokenCursor tokens;
    private final JinjaExprParser exprs;

    private JinjaParser(List<JinjaToken> tokens) {
        this.tokens = new JinjaTokenCursor(tokens);
        this.exprs = new JinjaExprParser(this.tokens);
    }

    static List<Stmt> parse(String source) {
        JinjaParser p = new JinjaParser(JinjaLexer.tokenize(source));
        List<Stmt> body = p.body(Set.of());
        if (p.tokens.peek().type() != Type.EOF) {
            throw p.tokens.error("unexpected '" + p.tokens.peek().text() + "'");
        }
        return body;
    }

    /** Parses until EOF or a block tag named in {@code ends}; leaves that tag's name next. */
    private List<Stmt> body(Set<String> ends) {
        List<Stmt> out = new ArrayList<>();
        while (true) {
            JinjaToken t = tokens.peek();
            switch (t.type()) {
                case EOF -> {
                    if (!ends.isEmpty()) {
                        throw tokens.error("unexpected end of template, expected one of " + ends);
                    }
                    return out;
                }
                case DATA -> {
                    tokens.skip();
                    out.add(new JinjaStmts.Text(t.text()));
                }
                case VAR_BEGIN -> {
                    tokens.skip();
                    Expr e = exprs.expression();
                    tokens.expect(Type.VAR_END, "}}");
                    out.add(new JinjaStmts.Located(t.line(), new JinjaStmts.Output(e)));
                }
                case BLOCK_BEGIN -> {
                    JinjaToken name = tokens.peek(1);
                    if (ends.contains(name.text()) && name.type() == Type.NAME) {
                        tokens.skip();
                        return out;
                    }
                    tokens.skip(2);
                    out.add(new JinjaStmts.Located(name.line(), statement(name)));
                }
                default -> throw tokens.error("unexpected '" + t.text() + "'");
            }
        }
    }

    private Stmt statement(JinjaToken name) {
        if (name.type() != Type.NAME) {
            throw tokens.error("expected a statement name");
        }
        return switch (name.text()) {
            case "if" -> ifStatement();
            case "for" -> forStatement();
            case "set" -> setStatement();
            case "macro" -> macroStatement();
            case "break", "continue" -> {
                endBlock();
                yield new JinjaStmts.Signal(
                        name.text().equals("break") ? LoopSignal.BREAK : LoopSignal.CONTINUE);
            }
            case "generation" -> { // transformers' AssistantTracker block: renders its body as is
                endBlock();
                List<Stmt> b = body(Set.of("endgeneration"));
                closeTag("endgeneration");
                yield (s, out) -> JinjaNode.execAll(b, s, out);
            }
            default -> throw tokens.error("unknown or unsupported tag '" + name.text() + "'");
        };
    }

    private Stmt ifStatement() {
        List<Expr> tests = new ArrayList<>();
        List<List<Stmt>> bodies = new ArrayList<>();
        tests.add(exprs.expression());
        endBlock();
        while (true) {
            bodies.add(body(Set.of("elif", "else", "endif")));
            String tag = tokens.next().text();
            if (tag.equals("elif")) {
                tests.add(exprs.expression());
                endBlock();
            } else if (tag.equals("else")) {
                endBlock();
                List<Stmt> otherwise = body(Set.of("endif"));
                closeTag("endif");
                return new JinjaStmts.If(tests, bodies, otherwise);
            } else {
                endBlock();
                return new JinjaStmts.If(tests, bodies, List.of());
            }
        }
    }

    private Stmt forStatement() {
        List<String> targets = names();
        tokens.expectName("in");
        Expr iterable = exprs.condOr(false);
        Expr filter = null;
        if (tokens.peek().isName("if")) {
            tokens.skip();
            filter = exprs.expression();
        }
        if (tokens.peek().isName("recursive")) {
            throw tokens.error("recursive for-loops are not supported");
        }
        endBlock();
        List<Stmt> body = body(Set.of("else", "endfor"));
        List<Stmt> otherwise = List.of();
        if (tokens.next().text().equals("else")) {
            endBlock();
            otherwise = body(Set.of("endfor"));
            closeTag("endfor");
        } else {
            endBlock();
        }
        return new JinjaStmts.For(targets, iterable, filter, body, otherwise);
    }

    private Stmt setStatement() {
        String first = tokens.name();
        if (tokens.peek().isOp(".")) {
            tokens.skip();
            String attr = tokens.name();
            tokens.expectOp("=");
            Expr value = exprs.expression();
            endBlock();
            return new JinjaStmts.SetAttr(first, attr, value);
        }
        List<String> targets = new ArrayList<>(List.of(first));
        while (tokens.peek().isOp(",")) {
            tokens.skip();
            targets.add(tokens.name());
        }
        if (tokens.peek().type() == Type.BLOCK_END && targets.size() == 1) {
            endBlock();
            List<Stmt> body = body(Set.of("endset"));
            closeTag("endset");
            return new JinjaStmts.SetBlock(first, body);
        }
        tokens.expectOp("=");
        Expr value = exprs.tupleOrExpression();
        endBlock();
        return new JinjaStmts.Set(targets, value);
    }

    private Stmt macroStatement() {
        String name = tokens.name();
        tokens.expectOp("(");
        List<String> params = new ArrayList<>();
        Map<String, Expr> defaults = new LinkedHashMap<>();
        while (!tokens.peek().isOp(")")) {
            if (!params.isEmpty()) {
                tokens.expectOp(",");
            }
            String p = tokens.name();
            params.add(p);
            if (tokens.peek().isOp("=")) {
                tokens.skip();
                defaults.put(p, exprs.expression());
            }
        }
        tokens.skip();
        endBlock();
        List<Stmt> body = body(Set.of("endmacro"));
        closeTag("endmacro");
        return new JinjaStmts.Macro(name, params, defaults, body);
    }

    private List<String> names() {
        List<String> out = new ArrayList<>(List.of(tokens.name()));
        while (tokens.peek().isOp(",")) {
            tokens.skip();
            out.add(tokens.name());
        }
        return out;
    }

    /** After {@link #body} stopped at {@code end}: consumes the tag name and its {@code %}}. */
    private void closeTag(String end) {
        tokens.expectName(end);
        endBlock();
    }

    private void endBlock() {
        tokens.expect(Type.BLOCK_END, "%}");
    }
}
