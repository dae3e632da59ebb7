package dev.agent0.eval.grade;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser from a cleaned LaTeX scalar expression to an {@link Expr}.
 *
 * <p>Grammar (loosest first): sum = term (± term)*; term = unary ((·|×|*|/|÷) unary | implicit
 * power)*; unary = (−|+) unary | power; power = postfix (^ exponent)?; postfix = atom (! | %)*.
 * A bare exponent or {@code \frac} argument takes one character, as TeX does ({@code x^23} is
 * x²·3, {@code \frac12} is ½). An integer directly followed by a fraction of integers is a mixed
 * number ({@code 2\frac{1}{2}} = 5/2).
 */
final class ExprParser {
    private static final Set<String> FUNCTIONS = Set.of("sin", "cos", "tan", "cot", "sec", "csc",
            "arcsin", "arccos", "arctan", "ln", "log", "exp");
    private static final Set<String> GREEK = Set.of("alpha", "beta", "gamma", "delta", "epsilon",
            "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa", "lambda", "mu", "nu",
            "xi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma",
            "Delta", "Theta", "Lambda", "Xi", "Sigma", "Phi", "Psi", "Omega");

    private final List<String> tokens;
    private final PercentPolicy percent;
    private int pos;
    private int absDepth;

    private ExprParser(List<String> tokens, PercentPolicy percent) {
        this.tokens = tokens;
        this.percent = percent;
    }

    /** Parses the whole string as one expression or throws {@link LatexParseException}. */
    static Expr parse(String latex, PercentPolicy percent) {
        ExprParser p = new ExprParser(tokenize(latex), percent);
        if (p.tokens.isEmpty()) {
            throw new LatexParseException("empty expression");
        }
        Expr e = p.sum();
        if (p.pos < p.tokens.size()) {
            throw new LatexParseException("unexpected '" + p.tokens.get(p.pos) + "' in '" + latex + "'");
        }
        return e;
    }

    /** Numbers ("12.5"), single letters, commands ("\frac"), and single symbols; " " marks a space. */
    static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                if (!out.isEmpty() && !out.get(out.size() - 1).equals(" ")) {
                    out.add(" ");
                }
                i++;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length()
                    && Character.isDigit(s.charAt(i + 1)))) {
                int j = i;
                boolean dot = false;
                while (j < s.length() && (Character.isDigit(s.charAt(j))
                        || (s.charAt(j) == '.' && !dot && j + 1 < s.length()
                        && Character.isDigit(s.charAt(j + 1))))) {
                    dot |= s.charAt(j) == '.';
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            } else if (c == '\\') {
                int j = i + 1;
                while (j < s.length() && Character.isLetter(s.charAt(j))) {
                    j++;
                }
                if (j == i + 1 && j < s.length()) {
                    j++; // \{ \} \% \\ and friends
                }
                out.add(s.substring(i, j));
                i = j;
            } else {
                out.add(String.valueOf(c));
                i++;
            }
        }
        return out;
    }

    // ---- grammar -------------------------------------------------------------------------

    private Expr sum() {
        Expr e = term();
        while (true) {
            String t = peek();
            if ("+".equals(t)) {
                next();
                e = new Expr.Bin(Expr.Op.ADD, e, term());
            } else if ("-".equals(t)) {
                next();
                e = new Expr.Bin(Expr.Op.SUB, e, term());
            } else {
                return e;
            }
        }
    }

    private Expr term() {
        Expr e = unary();
        while (true) {
            String t = peek();
            if (t == null) {
                return e;
            } else if (t.equals("*") || t.equals("\\cdot") || t.equals("\\times")) {
                next();
                e = new Expr.Bin(Expr.Op.MUL, e, unary());
            } else if (t.equals("/") || t.equals("\\div")) {
                next();
                e = new Expr.Bin(Expr.Op.DIV, e, unary());
            } else if (startsAtom(t)) {
                if (isNumber(t) && endsWithNumber(e) && spaceBeforePeek()) {
                    throw new LatexParseException("two numbers in a row: '" + t + "'");
                }
                Expr f = power();
                e = mixedNumberOrProduct(e, f);
            } else {
                return e;
            }
        }
    }

    /** 2\frac{1}{2} is 5/2 (a mixed number), −2\frac12 is −5/2; anything else multiplies. */
    private static Expr mixedNumberOrProduct(Expr e, Expr f) {
        boolean negated = e instanceof Expr.Neg;
        Expr whole = negated ? ((Expr.Neg) e).arg() : e;
        if (whole instanceof Expr.Const c && c.integerLiteral() && f instanceof Expr.Frac fr
                && fr.numerator() instanceof Expr.Const n && n.integerLiteral()
                && fr.denominator() instanceof Expr.Const d && d.integerLiteral()) {
            Expr sum = new Expr.Bin(Expr.Op.ADD, whole, f);
            return negated ? new Expr.Neg(sum) : sum;
        }
        return new Expr.Bin(Expr.Op.MUL, e, f);
    }

    private Expr unary() {
        String t = peek();
        if ("-".equals(t)) {
            next();
            return new Expr.Neg(unary());
        }
        if ("+".equals(t)) {
            next();
            return unary();
        }
        return power();
    }

    private Expr power() {
        Expr base = postfix(atom());
        if ("^".equals(peek())) {
            next();
            Expr exp = exponent();
            return postfix(new Expr.Bin(Expr.Op.POW, base, exp));
        }
        return base;
    }

    private Expr postfix(Expr e) {
        while (true) {
            String t = peek();
            if ("!".equals(t)) {
                next();
                e = new Expr.Func("factorial", e);
            } else if ("\\%".equals(t) || "%".equals(t)) {
                next();
                if (percent == PercentPolicy.FRACTION) {
                    e = new Expr.Bin(Expr.Op.DIV, e, integer(100));
                }
            } else {
                return e;
            }
        }
    }

    private Expr exponent() {
        String t = peek();
        if ("-".equals(t)) {
            next();
            return new Expr.Neg(exponent());
        }
        return singleArgument();
    }

    /** A TeX argument: a braced group, or exactly one character or command. */
    private Expr singleArgument() {
        skipSpaces();
        String t = peek();
        if (t == null) {
            throw new LatexParseException("missing argument at end of input");
        }
        if (t.equals("{")) {
            return group("{", "}");
        }
        if (isNumber(t) && t.length() > 1) {
            tokens.set(pos, t.substring(1));
            return number(t.substring(0, 1));
        }
        return atom();
    }

    private Expr atom() {
        skipSpaces();
        String t = next();
        if (t == null) {
            throw new LatexParseException("expression ends too early");
        }
        if (isNumber(t)) {
            if ("_".equals(peek())) { // 52_8: a numeral in another base, compared by name
                next();
                return new Expr.Var(t + "_" + rawArgument());
            }
            return number(t);
        }
        if (t.length() == 1 && Character.isLetter(t.charAt(0))) {
            return variable(t);
        }
        switch (t) {
            case "(": pos--; return group("(", ")");
            case "{": pos--; return group("{", "}");
            case "[": pos--; return group("[", "]");
            case "|":
                absDepth++;
                Expr inner = sum();
                absDepth--;
                expect("|");
                return new Expr.Func("abs", inner);
            case "\\frac":
                return new Expr.Frac(singleArgument(), singleArgument());
            case "\\sqrt":
                if ("[".equals(peek())) {
                    Expr index = group("[", "]");
                    return new Expr.Root(index, singleArgument());
                }
                return new Expr.Func("sqrt", singleArgument());
            case "\\binom":
                return new Expr.Binom(singleArgument(), singleArgument());
            case "\\pi":
                return new Expr.Constant("pi", Math.PI);
            case "\\infty":
                return new Expr.Constant("infty", Double.POSITIVE_INFINITY);
            default:
                break;
        }
        String name = t.startsWith("\\") ? t.substring(1) : t;
        if (FUNCTIONS.contains(name)) {
            return function(name);
        }
        if (GREEK.contains(name)) {
            return variable(t);
        }
        throw new LatexParseException("cannot read '" + t + "'");
    }

    /** \sin x, \sin(x), \sin^2 x, \log_2 8. */
    private Expr function(String name) {
        Expr power = null;
        Expr base = null;
        if ("^".equals(peek())) {
            next();
            power = exponent();
        }
        if ("_".equals(peek())) {
            next();
            base = singleArgument();
        }
        skipSpaces();
        Expr arg = "(".equals(peek()) ? group("(", ")") : power();
        Expr f = new Expr.Func(name, arg);
        if (base != null) {
            f = new Expr.Bin(Expr.Op.DIV, f, new Expr.Func("ln", base));
        }
        return power == null ? f : new Expr.Bin(Expr.Op.POW, f, power);
    }

    private Expr variable(String t) {
        String name = t;
        if ("_".equals(peek())) {
            next();
            name = name + "_" + rawArgument();
        }
        return new Expr.Var(name);
    }

    /** The text of a subscript: one token or a braced group, kept verbatim. */
    private String rawArgument() {
        String t = next();
        if (t == null) {
            throw new LatexParseException("missing subscript");
        }
        if (!t.equals("{")) {
            return t;
        }
        StringBuilder sb = new StringBuilder();
        int depth = 1;
        while (true) {
            String u = next();
            if (u == null) {
                throw new LatexParseException("unclosed '{' in subscript");
            }
            depth += u.equals("{") ? 1 : u.equals("}") ? -1 : 0;
            if (depth == 0) {
                return sb.toString();
            }
            sb.append(u);
        }
    }

    private Expr group(String open, String close) {
        expect(open);
        int savedAbs = absDepth;
        absDepth = 0;
        Expr e = sum();
        absDepth = savedAbs;
        skipSpaces();
        expect(close);
        return e;
    }

    // ---- helpers -------------------------------------------------------------------------

    private static Expr number(String t) {
        boolean decimal = t.contains(".");
        return new Expr.Const(Num.exact(Rational.parseDecimal(t), decimal), !decimal);
    }

    private static Expr integer(long v) {
        return new Expr.Const(Num.exact(Rational.of(v), false), true);
    }

    private boolean startsAtom(String t) {
        if (isNumber(t) || (t.length() == 1 && Character.isLetter(t.charAt(0)))) {
            return true;
        }
        if (t.equals("|")) {
            return absDepth == 0;
        }
        if (t.equals("(") || t.equals("{")) {
            return true;
        }
        if (!t.startsWith("\\")) {
            return false;
        }
        String name = t.substring(1);
        return Set.of("frac", "sqrt", "pi", "infty", "binom").contains(name)
                || FUNCTIONS.contains(name) || GREEK.contains(name);
    }

    private static boolean isNumber(String t) {
        return !t.isEmpty() && (Character.isDigit(t.charAt(0)) || t.charAt(0) == '.');
    }

    private static boolean endsWithNumber(Expr e) {
        return e instanceof Expr.Const
                || (e instanceof Expr.Bin b && b.op() != Expr.Op.POW && endsWithNumber(b.right()));
    }

    private boolean spaceBeforePeek() {
        return pos < tokens.size() && tokens.get(pos).equals(" ");
    }

    private String peek() {
        int p = pos;
        while (p < tokens.size() && tokens.get(p).equals(" ")) {
            p++;
        }
        return p < tokens.size() ? tokens.get(p) : null;
    }

    private void skipSpaces() {
        while (pos < tokens.size() && tokens.get(pos).equals(" ")) {
            pos++;
        }
    }

    private String next() {
        skipSpaces();
        return pos < tokens.size() ? tokens.get(pos++) : null;
    }

    private void expect(String t) {
        String got = next();
        if (!t.equals(got)) {
            throw new LatexParseException("expected '" + t + "' but found " + (got == null ? "end" : "'" + got + "'"));
        }
    }
}
