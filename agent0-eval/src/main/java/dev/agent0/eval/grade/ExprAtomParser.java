package dev.agent0.eval.grade;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the atoms of a LaTeX scalar expression for {@link ExprParser}: numbers (also {@code 52_8}
 * in another base), variables with subscripts, Greek letters, groups in ( ), { } or [ ], {@code
 * |x|}, {@code \frac}, {@code \sqrt}, {@code \binom}, {@code \pi}, {@code \infty}, Euler's {@code
 * e} (a bare {@code e}; {@code e_1} stays a variable) and the functions ({@code \sin x}, {@code
 * \log_2 8}).
 *
 * <p>Separate from {@link ExprParser}, which holds the operator levels and is called back here for
 * the contents of groups, {@code |x|}, exponents and function arguments.
 */
final class ExprAtomParser {
    private static final Set<String> FUNCTIONS =
            Set.of(
                    "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "ln",
                    "log", "exp");
    private static final Set<String> GREEK =
            Set.of(
                    "alpha",
                    "beta",
                    "gamma",
                    "delta",
                    "epsilon",
                    "varepsilon",
                    "zeta",
                    "eta",
                    "theta",
                    "vartheta",
                    "iota",
                    "kappa",
                    "lambda",
                    "mu",
                    "nu",
                    "xi",
                    "rho",
                    "sigma",
                    "tau",
                    "upsilon",
                    "phi",
                    "varphi",
                    "chi",
                    "psi",
                    "omega",
                    "Gamma",
                    "Delta",
                    "Theta",
                    "Lambda",
                    "Xi",
                    "Sigma",
                    "Phi",
                    "Psi",
                    "Omega");

    private final LatexTokens tokens;
    private final ExprParser grammar;
    private int absDepth; // |..| open in the current group: there a "|" closes, not opens

    ExprAtomParser(LatexTokens tokens, ExprParser grammar) {
        this.tokens = tokens;
        this.grammar = grammar;
    }

    /** A TeX argument: a braced group, or exactly one character or command. */
    Expr singleArgument() {
        tokens.skipSpaces();
        String t = tokens.peek();
        if (t == null) {
            throw new LatexParseException("missing argument at end of input");
        }
        if (t.equals("{")) {
            return group("{", "}");
        }
        if (LatexTokens.isNumber(t) && t.length() > 1) {
            tokens.replaceCurrent(t.substring(1));
            return number(t.substring(0, 1));
        }
        return atom();
    }

    Expr atom() {
        tokens.skipSpaces();
        String t = tokens.next();
        if (t == null) {
            throw new LatexParseException("expression ends too early");
        }
        if (LatexTokens.isNumber(t)) {
            if ("_".equals(tokens.peek())) { // 52_8: a numeral in another base, compared by name
                tokens.next();
                return new Expr.Var(t + "_" + rawArgument());
            }
            return number(t);
        }
        if (t.length() == 1 && Character.isLetter(t.charAt(0))) {
            return variable(t);
        }
        switch (t) {
            case "(":
                tokens.back();
                return group("(", ")");
            case "{":
                tokens.back();
                return group("{", "}");
            case "[":
                tokens.back();
                return group("[", "]");
            case "|":
                absDepth++;
                Expr inner = grammar.sum();
                absDepth--;
                tokens.expect("|");
                return new Expr.Func("abs", inner);
            case "\\frac":
                return new Expr.Frac(singleArgument(), singleArgument());
            case "\\sqrt":
                if ("[".equals(tokens.peek())) {
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
            case "\\lfloor":
                return delimited("floor", "\\rfloor");
            case "\\lceil":
                return delimited("ceil", "\\rceil");
            case "\\gcd", "\\lcm", "\\max", "\\min":
                return multi(t.substring(1));
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

    /** {@code \lfloor x \rfloor}, {@code \lceil x \rceil}. */
    private Expr delimited(String name, String close) {
        int savedAbs = absDepth;
        absDepth = 0;
        Expr inner = grammar.sum();
        absDepth = savedAbs;
        tokens.skipSpaces();
        tokens.expect(close);
        return new Expr.Func(name, inner);
    }

    /** {@code \gcd(12, 18)}, {@code \max(a, b, c)}: arguments in parentheses, commas between. */
    private Expr multi(String name) {
        tokens.skipSpaces();
        tokens.expect("(");
        int savedAbs = absDepth;
        absDepth = 0;
        List<Expr> args = new ArrayList<>();
        while (true) {
            args.add(grammar.sum());
            tokens.skipSpaces();
            if (!",".equals(tokens.peek())) {
                break;
            }
            tokens.next();
        }
        absDepth = savedAbs;
        tokens.expect(")");
        return new Expr.Multi(name, List.copyOf(args));
    }

    /** \sin x, \sin(x), \sin^2 x, \log_2 8. */
    private Expr function(String name) {
        Expr power = null;
        Expr base = null;
        if ("^".equals(tokens.peek())) {
            tokens.next();
            power = grammar.exponent();
        }
        if ("_".equals(tokens.peek())) {
            tokens.next();
            base = singleArgument();
        }
        tokens.skipSpaces();
        Expr arg = "(".equals(tokens.peek()) ? group("(", ")") : grammar.power();
        Expr f = new Expr.Func(name, arg);
        if (base != null) {
            f = new Expr.Bin(Expr.Op.DIV, f, new Expr.Func("ln", base));
        }
        return power == null ? f : new Expr.Bin(Expr.Op.POW, f, power);
    }

    private Expr variable(String t) {
        if (t.equals("e") && !"_".equals(tokens.peek())) {
            return new Expr.Constant("e", Math.E); // Euler's number, as latex2sympy2's EXP_E
        }
        String name = t;
        if ("_".equals(tokens.peek())) {
            tokens.next();
            name = name + "_" + rawArgument();
        }
        return new Expr.Var(name);
    }

    /** The text of a subscript: one token or a braced group, kept verbatim. */
    private String rawArgument() {
        String t = tokens.next();
        if (t == null) {
            throw new LatexParseException("missing subscript");
        }
        if (!t.equals("{")) {
            return t;
        }
        StringBuilder sb = new StringBuilder();
        int depth = 1;
        while (true) {
            String u = tokens.next();
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
        tokens.expect(open);
        int savedAbs = absDepth;
        absDepth = 0;
        Expr e = grammar.sum();
        absDepth = savedAbs;
        tokens.skipSpaces();
        tokens.expect(close);
        return e;
    }

    private static Expr number(String t) {
        boolean decimal = t.contains(".");
        return new Expr.Const(Num.exact(Rational.parseDecimal(t), decimal), !decimal);
    }

    boolean startsAtom(String t) {
        if (LatexTokens.isNumber(t) || (t.length() == 1 && Character.isLetter(t.charAt(0)))) {
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
        return Set.of(
                                "frac", "sqrt", "pi", "infty", "binom", "lfloor", "lceil", "gcd",
                                "lcm", "max", "min")
                        .contains(name)
                || FUNCTIONS.contains(name)
                || GREEK.contains(name);
    }
}
