package dev.agent0.core.tokenize;

import dev.agent0.core.tokenize.JinjaNode.Binary;
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
 * Recursive-descent parser for the Jinja2 subset chat templates use, with Jinja2's operator
 * precedence ({@code jinja2.parser.Parser}, 3.1): conditional, or, and, not, comparisons and
 * {@code in}, + -, ~, * / // %, **, unary, then postfix (attribute, item, slice, call),
 * filters and tests.
 */
final class JinjaParser {
    private static final Set<String> COMPARE = Set.of("==", "!=", "<", "<=", ">", ">=");

    private final List<JinjaToken> tokens;
    private int pos;

    private JinjaParser(List<JinjaToken> tokens) {
        this.tokens = tokens;
    }

    static List<Stmt> parse(String source) {
        JinjaParser p = new JinjaParser(JinjaLexer.tokenize(source));
        List<Stmt> body = p.body(Set.of());
        if (p.peek().type() != Type.EOF) {
            throw p.error("unexpected '" + p.peek().text() + "'");
        }
        return body;
    }

    // ---- statements ----

    /** Parses until EOF or a block tag named in {@code ends}; leaves that tag's name next. */
    private List<Stmt> body(Set<String> ends) {
        List<Stmt> out = new ArrayList<>();
        while (true) {
            JinjaToken t = peek();
            switch (t.type()) {
                case EOF -> {
                    if (!ends.isEmpty()) {
                        throw error("unexpected end of template, expected one of " + ends);
                    }
                    return out;
                }
                case DATA -> {
                    pos++;
                    out.add(new JinjaStmts.Text(t.text()));
                }
                case VAR_BEGIN -> {
                    pos++;
                    Expr e = expression();
                    expect(Type.VAR_END, "}}");
                    out.add(new JinjaStmts.Located(t.line(), new JinjaStmts.Output(e)));
                }
                case BLOCK_BEGIN -> {
                    JinjaToken name = tokens.get(pos + 1);
                    if (ends.contains(name.text()) && name.type() == Type.NAME) {
                        pos++;
                        return out;
                    }
                    pos += 2;
                    out.add(new JinjaStmts.Located(name.line(), statement(name)));
                }
                default -> throw error("unexpected '" + t.text() + "'");
            }
        }
    }

    private Stmt statement(JinjaToken name) {
        if (name.type() != Type.NAME) {
            throw error("expected a statement name");
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
            default -> throw error("unknown or unsupported tag '" + name.text() + "'");
        };
    }

    private Stmt ifStatement() {
        List<Expr> tests = new ArrayList<>();
        List<List<Stmt>> bodies = new ArrayList<>();
        tests.add(expression());
        endBlock();
        while (true) {
            bodies.add(body(Set.of("elif", "else", "endif")));
            String tag = next().text();
            if (tag.equals("elif")) {
                tests.add(expression());
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
        expectName("in");
        Expr iterable = condOr(false);
        Expr filter = null;
        if (peek().isName("if")) {
            pos++;
            filter = expression();
        }
        if (peek().isName("recursive")) {
            throw error("recursive for-loops are not supported");
        }
        endBlock();
        List<Stmt> body = body(Set.of("else", "endfor"));
        List<Stmt> otherwise = List.of();
        if (next().text().equals("else")) {
            endBlock();
            otherwise = body(Set.of("endfor"));
            closeTag("endfor");
        } else {
            endBlock();
        }
        return new JinjaStmts.For(targets, iterable, filter, body, otherwise);
    }

    private Stmt setStatement() {
        String first = name();
        if (peek().isOp(".")) {
            pos++;
            String attr = name();
            expectOp("=");
            Expr value = expression();
            endBlock();
            return new JinjaStmts.SetAttr(first, attr, value);
        }
        List<String> targets = new ArrayList<>(List.of(first));
        while (peek().isOp(",")) {
            pos++;
            targets.add(name());
        }
        if (peek().type() == Type.BLOCK_END && targets.size() == 1) {
            endBlock();
            List<Stmt> body = body(Set.of("endset"));
            closeTag("endset");
            return new JinjaStmts.SetBlock(first, body);
        }
        expectOp("=");
        Expr value = tupleOrExpression();
        endBlock();
        return new JinjaStmts.Set(targets, value);
    }

    private Stmt macroStatement() {
        String name = name();
        expectOp("(");
        List<String> params = new ArrayList<>();
        Map<String, Expr> defaults = new LinkedHashMap<>();
        while (!peek().isOp(")")) {
            if (!params.isEmpty()) {
                expectOp(",");
            }
            String p = name();
            params.add(p);
            if (peek().isOp("=")) {
                pos++;
                defaults.put(p, expression());
            }
        }
        pos++;
        endBlock();
        List<Stmt> body = body(Set.of("endmacro"));
        closeTag("endmacro");
        return new JinjaStmts.Macro(name, params, defaults, body);
    }

    private List<String> names() {
        List<String> out = new ArrayList<>(List.of(name()));
        while (peek().isOp(",")) {
            pos++;
            out.add(name());
        }
        return out;
    }

    /** After {@link #body} stopped at {@code end}: consumes the tag name and its {@code %}}. */
    private void closeTag(String end) {
        expectName(end);
        endBlock();
    }

    private void endBlock() {
        expect(Type.BLOCK_END, "%}");
    }

    // ---- expressions ----

    private Expr tupleOrExpression() {
        Expr first = expression();
        if (!peek().isOp(",")) {
            return first;
        }
        List<Expr> items = new ArrayList<>(List.of(first));
        while (peek().isOp(",")) {
            pos++;
            items.add(expression());
        }
        return new JinjaNode.ListLit(items, true);
    }

    Expr expression() {
        return condOr(true);
    }

    private Expr condOr(boolean withCondExpr) {
        Expr e = or();
        while (withCondExpr && peek().isName("if")) {
            pos++;
            Expr test = or();
            Expr otherwise = null;
            if (peek().isName("else")) {
                pos++;
                otherwise = condOr(true);
            }
            e = new JinjaNode.CondExpr(test, e, otherwise);
        }
        return e;
    }

    private Expr or() {
        Expr e = and();
        while (peek().isName("or")) {
            pos++;
            e = new Binary("or", e, and());
        }
        return e;
    }

    private Expr and() {
        Expr e = not();
        while (peek().isName("and")) {
            pos++;
            e = new Binary("and", e, not());
        }
        return e;
    }

    private Expr not() {
        if (peek().isName("not")) {
            pos++;
            return new JinjaNode.Unary("not", not());
        }
        return compare();
    }

    private Expr compare() {
        Expr first = math1();
        List<String> ops = new ArrayList<>();
        List<Expr> rest = new ArrayList<>();
        while (true) {
            JinjaToken t = peek();
            if (t.type() == Type.OPERATOR && COMPARE.contains(t.text())) {
                pos++;
                ops.add(t.text());
            } else if (t.isName("in")) {
                pos++;
                ops.add("in");
            } else if (t.isName("not") && tokens.get(pos + 1).isName("in")) {
                pos += 2;
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
        while (peek().isOp("+") || peek().isOp("-")) {
            String op = next().text();
            e = new Binary(op, e, concat());
        }
        return e;
    }

    private Expr concat() {
        Expr e = math2();
        while (peek().isOp("~")) {
            pos++;
            e = new Binary("~", e, math2());
        }
        return e;
    }

    private Expr math2() {
        Expr e = pow();
        while (peek().isOp("*") || peek().isOp("/") || peek().isOp("//") || peek().isOp("%")) {
            String op = next().text();
            e = new Binary(op, e, pow());
        }
        return e;
    }

    private Expr pow() {
        Expr e = unary(true);
        while (peek().isOp("**")) {
            pos++;
            e = new Binary("**", e, unary(true));
        }
        return e;
    }

    private Expr unary(boolean withFilter) {
        Expr e;
        if (peek().isOp("-") || peek().isOp("+")) {
            String op = next().text();
            e = new JinjaNode.Unary(op, unary(false));
        } else {
            e = primary();
        }
        e = postfix(e);
        return withFilter ? filters(e) : e;
    }

    private Expr primary() {
        JinjaToken t = next();
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
                while (peek().type() == Type.STRING) {
                    sb.append(next().text());
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
        throw error("unexpected '" + t.text() + "'");
    }

    private Expr parenthesized() {
        if (peek().isOp(")")) {
            pos++;
            return new JinjaNode.ListLit(List.of(), true);
        }
        Expr first = expression();
        if (peek().isOp(")")) {
            pos++;
            return first;
        }
        List<Expr> items = new ArrayList<>(List.of(first));
        while (peek().isOp(",")) {
            pos++;
            if (peek().isOp(")")) {
                break;
            }
            items.add(expression());
        }
        expectOp(")");
        return new JinjaNode.ListLit(items, true);
    }

    private List<Expr> sequence(String close) {
        List<Expr> items = new ArrayList<>();
        while (!peek().isOp(close)) {
            if (!items.isEmpty()) {
                expectOp(",");
                if (peek().isOp(close)) {
                    break;
                }
            }
            items.add(expression());
        }
        pos++;
        return items;
    }

    private Expr dict() {
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (!peek().isOp("}")) {
            if (!keys.isEmpty()) {
                expectOp(",");
                if (peek().isOp("}")) {
                    break;
                }
            }
            keys.add(expression());
            expectOp(":");
            values.add(expression());
        }
        pos++;
        return new JinjaNode.DictLit(keys, values);
    }

    private Expr postfix(Expr e) {
        while (true) {
            if (peek().isOp(".")) {
                pos++;
                JinjaToken t = next();
                if (t.type() == Type.NAME) {
                    e = new JinjaNode.GetAttr(e, t.text());
                } else if (t.type() == Type.INTEGER) {
                    e = new JinjaNode.GetItem(e, new JinjaNode.Literal(Long.parseLong(t.text())));
                } else {
                    throw error("expected a name after '.'");
                }
            } else if (peek().isOp("[")) {
                pos++;
                e = subscript(e);
            } else if (peek().isOp("(")) {
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
        while (!peek().isOp("]")) {
            if (peek().isOp(":")) {
                pos++;
                isSlice = true;
                if (++part > 2) {
                    throw error("too many ':' in slice");
                }
            } else {
                parts[part] = expression();
            }
        }
        pos++;
        if (!isSlice) {
            if (parts[0] == null) {
                throw error("empty subscript");
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
        expectOp("(");
        boolean first = true;
        while (!peek().isOp(")")) {
            if (!first) {
                expectOp(",");
                if (peek().isOp(")")) {
                    break;
                }
            }
            first = false;
            if (peek().type() == Type.NAME && tokens.get(pos + 1).isOp("=")) {
                String key = next().text();
                pos++;
                kwargs.put(key, expression());
            } else {
                args.add(expression());
            }
        }
        pos++;
    }

    private Expr filters(Expr e) {
        while (true) {
            if (peek().isOp("|")) {
                pos++;
                String name = dottedName();
                List<Expr> args = new ArrayList<>();
                Map<String, Expr> kwargs = new LinkedHashMap<>();
                if (peek().isOp("(")) {
                    argList(args, kwargs);
                }
                e = new JinjaNode.Filter(e, name, args, kwargs);
            } else if (peek().isName("is")) {
                pos++;
                boolean negated = peek().isName("not");
                if (negated) {
                    pos++;
                }
                String name = dottedName();
                List<Expr> args = new ArrayList<>();
                if (peek().isOp("(")) {
                    argList(args, new LinkedHashMap<>());
                } else if (startsTestArgument(peek())) {
                    args.add(postfix(primary()));
                }
                e = new JinjaNode.Test(e, name, args, negated);
            } else if (peek().isOp("(")) {
                e = call(e);
            } else {
                return e;
            }
        }
    }

    private static boolean startsTestArgument(JinjaToken t) {
        if (t.type() == Type.NAME) {
            return !(t.isName("else") || t.isName("or") || t.isName("and") || t.isName("if")
                    || t.isName("in") || t.isName("not") || t.isName("is"));
        }
        return t.type() == Type.STRING || t.type() == Type.INTEGER || t.type() == Type.FLOAT
                || t.isOp("[") || t.isOp("{");
    }

    private String dottedName() {
        StringBuilder sb = new StringBuilder(name());
        while (peek().isOp(".") && tokens.get(pos + 1).type() == Type.NAME) {
            pos++;
            sb.append('.').append(name());
        }
        return sb.toString();
    }

    // ---- token helpers ----

    private JinjaToken peek() {
        return tokens.get(pos);
    }

    private JinjaToken next() {
        return tokens.get(pos++);
    }

    private String name() {
        JinjaToken t = next();
        if (t.type() != Type.NAME) {
            pos--;
            throw error("expected a name, found '" + t.text() + "'");
        }
        return t.text();
    }

    private void expect(Type type, String what) {
        if (peek().type() != type) {
            throw error("expected '" + what + "', found '" + peek().text() + "'");
        }
        pos++;
    }

    private void expectOp(String op) {
        if (!peek().isOp(op)) {
            throw error("expected '" + op + "', found '" + peek().text() + "'");
        }
        pos++;
    }

    private void expectName(String n) {
        if (!peek().isName(n)) {
            throw error("expected '" + n + "', found '" + peek().text() + "'");
        }
        pos++;
    }

    private TemplateException error(String message) {
        return TemplateException.at(peek().line(), message);
    }
}
