package dev.agent0.core.tokenize;

import dev.agent0.core.tokenize.JinjaNode.Binary;
import dev.agent0.core.tokenize.JinjaNode.Expr;
import dev.agent0.core.tokenize.JinjaToken.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for Jinja2 expressions, with Jinja2's operator precedence ({@code
 * jinja2.parser.Parser}, 3.1): conditional, or, and, not, comparisons and {@code in}, + -, ~, * /
 * // %, **, unary, then the operands (names, literals, parentheses, lists, dicts).
 *
 * <p>Separate from {@link JinjaParser}, which parses the statements and blocks around the
 * expressions; postfix operators, filters and tests are in {@link JinjaPostfixParser}.
 */
final class JinjaExprParser {
    private static final Set<String> COMPARE = Set.of("==", "!=", "<", "<=", ">", ">=");

    private final JinjaTokenCursor tokens;
    private final JinjaPostfixParser postfixParser;

    JinjaExprParser(JinjaTokenCursor tokens) {
        this.tokens = tokens;
        this.postfixParser = new JinjaPostfixParser(tokens, this);
    }

    Expr tupleOrExpression() {
        Expr first = expression();
        if (!tokens.peek().isOp(",")) {
            return first;
        }
        List<Expr> items = new ArrayList<>(List.of(first));
        while (tokens.peek().isOp(",")) {
            tokens.skip();
            items.add(expression());
        }
        return new JinjaNode.ListLit(items, true);
    }

    Expr expression() {
        return condOr(true);
    }

    /** Without {@code withCondExpr} (a for-loop's iterable), {@code if} is left for the caller. */
    Expr condOr(boolean withCondExpr) {
        Expr e = or();
        while (withCondExpr && tokens.peek().isName("if")) {
            tokens.skip();
            Expr test = or();
            Expr otherwise = null;
            if (tokens.peek().isName("else")) {
                tokens.skip();
                otherwise = condOr(true);
            }
            e = new JinjaNode.CondExpr(test, e, otherwise);
        }
        return e;
    }

    private Expr or() {
        Expr e = and();
        while (tokens.peek().isName("or")) {
            tokens.skip();
            e = new Binary("or", e, and());
        }
        return e;
    }

    private Expr and() {
        Expr e = not();
        while (tokens.peek().isName("and")) {
            tokens.skip();
            e = new Binary("and", e, not());
        }
        return e;
    }

    private Expr not() {
        if (tokens.peek().isName("not")) {
            tokens.skip();
            return new JinjaNode.Unary("not", not());
        }
        return compare();
    }

    private Expr compare() {
        Expr first = math1();
        List<String> ops = new ArrayList<>();
        List<Expr> rest = new ArrayList<>();
        while (true) {
            JinjaToken t = tokens.peek();
            if (t.type() == Type.OPERATOR && COMPARE.contains(t.text())) {
                tokens.skip();
                ops.add(t.text());
            } else if (t.isName("in")) {
                tokens.skip();
                ops.add("in");
            } else if (t.isName("not") && tokens.peek(1).isName("in")) {
                tokens.skip(2);
                ops.add("not in");
            } else {
                break;
            }
            rest.add(math1());
        }
        return ops.isEmpty() ? first : new JinjaNode.Compare(first, ops, rest);
    }

    private Expr math1() {
        Expr e = concat();
        while (tokens.peek().isOp("+") || tokens.peek().isOp("-")) {
            String op = tokens.next().text();
            e = new Binary(op, e, concat());
        }
        return e;
    }

    private Expr concat() {
        Expr e = math2();
        while (tokens.peek().isOp("~")) {
            tokens.skip();
            e = new Binary("~", e, math2());
        }
        return e;
    }

    private Expr math2() {
        Expr e = pow();
        while (tokens.peek().isOp("*")
                || tokens.peek().isOp("/")
                || tokens.peek().isOp("//")
                || tokens.peek().isOp("%")) {
            String op = tokens.next().text();
            e = new Binary(op, e, pow());
        }
        return e;
    }

    private Expr pow() {
        Expr e = unary(true);
        while (tokens.peek().isOp("**")) {
            tokens.skip();
            e = new Binary("**", e, unary(true));
        }
        return e;
    }

    private Expr unary(boolean withFilter) {
        Expr e;
        if (tokens.peek().isOp("-") || tokens.peek().isOp("+")) {
            String op = tokens.next().text();
            e = new JinjaNode.Unary(op, unary(false));
        } else {
            e = primary();
        }
        e = postfixParser.postfix(e);
        return withFilter ? postfixParser.filters(e) : e;
    }

    Expr primary() {
        JinjaToken t = tokens.next();
        switch (t.type()) {
            case NAME:
                return switch (t.text()) {
                    case "true", "True" -> new JinjaNode.Literal(true);
                    case "false", "False" -> new JinjaNode.Literal(false);
                    case "none", "None" -> new JinjaNode.Literal(null);
                    default -> new JinjaNode.Name(t.text());
                };
            case STRING:
                StringBuilder sb = new StringBuilder(t.text());
                while (tokens.peek().type() == Type.STRING) {
                    sb.append(tokens.next().text());
                }
                return new JinjaNode.Literal(sb.toString());
            case INTEGER:
                return new JinjaNode.Literal(Long.parseLong(t.text()));
            case FLOAT:
                return new JinjaNode.Literal(Double.parseDouble(t.text()));
            case OPERATOR:
                if (t.text().equals("(")) {
                    return parenthesized();
                }
                if (t.text().equals("[")) {
                    return new JinjaNode.ListLit(sequence("]"), false);
                }
                if (t.text().equals("{")) {
                    return dict();
                }
                break;
            default:
                break;
        }
        throw tokens.error("unexpected '" + t.text() + "'");
    }

    private Expr parenthesized() {
        if (tokens.peek().isOp(")")) {
            tokens.skip();
            return new JinjaNode.ListLit(List.of(), true);
        }
        Expr first = expression();
        if (tokens.peek().isOp(")")) {
            tokens.skip();
            return first;
        }
        List<Expr> items = new ArrayList<>(List.of(first));
        while (tokens.peek().isOp(",")) {
            tokens.skip();
            if (tokens.peek().isOp(")")) {
                break;
            }
            items.add(expression());
        }
        tokens.expectOp(")");
        return new JinjaNode.ListLit(items, true);
    }

    private List<Expr> sequence(String close) {
        List<Expr> items = new ArrayList<>();
        while (!tokens.peek().isOp(close)) {
            if (!items.isEmpty()) {
                tokens.expectOp(",");
                if (tokens.peek().isOp(close)) {
                    break;
                }
            }
            items.add(expression());
        }
        tokens.skip();
        return items;
    }

    private Expr dict() {
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (!tokens.peek().isOp("}")) {
            if (!keys.isEmpty()) {
                tokens.expectOp(",");
                if (tokens.peek().isOp("}")) {
                    break;
                }
            }
            keys.add(expression());
            tokens.expectOp(":");
            values.add(expression());
        }
        tokens.skip();
        return new JinjaNode.DictLit(keys, values);
    }
}
