package dev.agent0.core.tokenize;

import dev.agent0.core.tokenize.JinjaNode.Expr;
import dev.agent0.core.tokenize.JinjaToken.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses what may follow an operand in a Jinja2 expression: attribute ({@code .name}), item and
 * slice ({@code [..]}), call ({@code (..)}), filters ({@code | name(..)}) and tests ({@code is
 * [not] name ..}), as {@code jinja2.parser.Parser}'s {@code parse_postfix} and {@code
 * parse_filter_expr} do.
 *
 * <p>Separate from {@link JinjaExprParser}, which handles the operator precedence levels and the
 * operands themselves, and calls in here after each operand.
 */
final class JinjaPostfixParser {
    private final JinjaTokenCursor tokens;
    private final JinjaExprParser exprs;

    JinjaPostfixParser(JinjaTokenCursor tokens, JinjaExprParser exprs) {
        this.tokens = tokens;
        this.exprs = exprs;
    }

    Expr postfix(Expr e) {
        while (true) {
            if (tokens.peek().isOp(".")) {
                tokens.skip();
                JinjaToken t = tokens.next();
                if (t.type() == Type.NAME) {
                    e = new JinjaNode.GetAttr(e, t.text());
                } else if (t.type() == Type.INTEGER) {
                    e = new JinjaNode.GetItem(e, new JinjaNode.Literal(Long.parseLong(t.text())));
                } else {
                    throw tokens.error("expected a name after '.'");
                }
            } else if (tokens.peek().isOp("[")) {
                tokens.skip();
                e = subscript(e);
            } else if (tokens.peek().isOp("(")) {
                e = call(e);
            } else {
                return e;
            }
        }
    }

    private Expr subscript(Expr obj) {
        Expr[] parts = new Expr[3];
        int part = 0;
        boolean isSlice = false;
        while (!tokens.peek().isOp("]")) {
            if (tokens.peek().isOp(":")) {
                tokens.skip();
                isSlice = true;
                if (++part > 2) {
                    throw tokens.error("too many ':' in slice");
                }
            } else {
                parts[part] = exprs.expression();
            }
        }
        tokens.skip();
        if (!isSlice) {
            if (parts[0] == null) {
                throw tokens.error("empty subscript");
            }
            return new JinjaNode.GetItem(obj, parts[0]);
        }
        return new JinjaNode.Slice(obj, parts[0], parts[1], parts[2]);
    }

    private JinjaNode.Call call(Expr fn) {
        List<Expr> args = new ArrayList<>();
        Map<String, Expr> kwargs = new LinkedHashMap<>();
        argList(args, kwargs);
        return new JinjaNode.Call(fn, args, kwargs);
    }

    private void argList(List<Expr> args, Map<String, Expr> kwargs) {
        tokens.expectOp("(");
        boolean first = true;
        while (!tokens.peek().isOp(")")) {
            if (!first) {
                tokens.expectOp(",");
                if (tokens.peek().isOp(")")) {
                    break;
                }
            }
            first = false;
            if (tokens.peek().type() == Type.NAME && tokens.peek(1).isOp("=")) {
                String key = tokens.next().text();
                tokens.skip();
                kwargs.put(key, exprs.expression());
            } else {
                args.add(exprs.expression());
            }
        }
        tokens.skip();
    }

    Expr filters(Expr e) {
        while (true) {
            if (tokens.peek().isOp("|")) {
                tokens.skip();
                String name = dottedName();
                List<Expr> args = new ArrayList<>();
                Map<String, Expr> kwargs = new LinkedHashMap<>();
                if (tokens.peek().isOp("(")) {
                    argList(args, kwargs);
                }
                e = new JinjaNode.Filter(e, name, args, kwargs);
            } else if (tokens.peek().isName("is")) {
                tokens.skip();
                boolean negated = tokens.peek().isName("not");
                if (negated) {
                    tokens.skip();
                }
                String name = dottedName();
                List<Expr> args = new ArrayList<>();
                if (tokens.peek().isOp("(")) {
                    argList(args, new LinkedHashMap<>());
                } else if (startsTestArgument(tokens.peek())) {
                    args.add(postfix(exprs.primary()));
                }
                e = new JinjaNode.Test(e, name, args, negated);
            } else if (tokens.peek().isOp("(")) {
                e = call(e);
            } else {
                return e;
            }
        }
    }

    private static boolean startsTestArgument(JinjaToken t) {
        if (t.type() == Type.NAME) {
            return !(t.isName("else")
                    || t.isName("or")
                    || t.isName("and")
                    || t.isName("if")
                    || t.isName("in")
                    || t.isName("not")
                    || t.isName("is"));
        }
        return t.type() == Type.STRING
                || t.type() == Type.INTEGER
                || t.type() == Type.FLOAT
                || t.isOp("[")
                || t.isOp("{");
    }

    private String dottedName() {
        StringBuilder sb = new StringBuilder(tokens.name());
        while (tokens.peek().isOp(".") && tokens.peek(1).type() == Type.NAME) {
            tokens.skip();
            sb.append('.').append(tokens.name());
        }
        return sb.toString();
    }
}
