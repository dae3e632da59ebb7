package dev.agent0.eval.grade;

/**
 * Recursive-descent parser from a cleaned LaTeX scalar expression to an {@link Expr}.
 *
 * <p>Grammar (loosest first): sum = term (± term)*; term = unary ((·|×|*|/|÷) unary | implicit
 * power)*; unary = (−|+) unary | power; power = postfix (^ exponent)?; postfix = atom (! | %)*. A
 * bare exponent or {@code \frac} argument takes one character, as TeX does ({@code x^23} is x²·3,
 * {@code \frac12} is ½). An integer directly followed by a fraction of integers is a mixed number
 * ({@code 2\frac{1}{2}} = 5/2).
 *
 * <p>This class holds the operator levels; the atoms (numbers, variables, groups, {@code |x|},
 * {@code \frac}, {@code \sqrt}, functions) are read by {@link ExprAtomParser}, the tokens by {@link
 * LatexTokens}.
 */
final class ExprParser {
    private final LatexTokens tokens;
    private final PercentPolicy percent;
    private final ExprAtomParser atoms;

    private ExprParser(LatexTokens tokens, PercentPolicy percent) {
        this.tokens = tokens;
        this.percent = percent;
        this.atoms = new ExprAtomParser(tokens, this);
    }

    /** Parses the whole string as one expression or throws {@link LatexParseException}. */
    static Expr parse(String latex, PercentPolicy percent) {
        LatexTokens tokens = new LatexTokens(LatexTokens.tokenize(latex));
        if (tokens.isEmpty()) {
            throw new LatexParseException("empty expression");
        }
        Expr e = new ExprParser(tokens, percent).sum();
        if (!tokens.atEnd()) {
            throw new LatexParseException(
                    "unexpected '" + tokens.current() + "' in '" + latex + "'");
        }
        return e;
    }

    Expr sum() {
        Expr e = term();
        while (true) {
            String t = tokens.peek();
            if ("+".equals(t)) {
                tokens.next();
                e = new Expr.Bin(Expr.Op.ADD, e, term());
            } else if ("-".equals(t)) {
                tokens.next();
                e = new Expr.Bin(Expr.Op.SUB, e, term());
            } else {
                return e;
            }
        }
    }

    private Expr term() {
        Expr e = unary();
        while (true) {
            String t = tokens.peek();
            if (t == null) {
                return e;
            } else if (t.equals("*") || t.equals("\\cdot") || t.equals("\\times")) {
                tokens.next();
                e = new Expr.Bin(Expr.Op.MUL, e, unary());
            } else if (t.equals("/") || t.equals("\\div")) {
                tokens.next();
                e = new Expr.Bin(Expr.Op.DIV, e, unary());
            } else if (atoms.startsAtom(t)) {
                if (LatexTokens.isNumber(t) && endsWithNumber(e) && tokens.spaceBeforePeek()) {
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
        if (whole instanceof Expr.Const c
                && c.integerLiteral()
                && f instanceof Expr.Frac fr
                && fr.numerator() instanceof Expr.Const n
                && n.integerLiteral()
                && fr.denominator() instanceof Expr.Const d
                && d.integerLiteral()) {
            Expr sum = new Expr.Bin(Expr.Op.ADD, whole, f);
            return negated ? new Expr.Neg(sum) : sum;
        }
        return new Expr.Bin(Expr.Op.MUL, e, f);
    }

    private Expr unary() {
        String t = tokens.peek();
        if ("-".equals(t)) {
            tokens.next();
            return new Expr.Neg(unary());
        }
        if ("+".equals(t)) {
            tokens.next();
            return unary();
        }
        return power();
    }

    Expr power() {
        Expr base = postfix(atoms.atom());
        if ("^".equals(tokens.peek())) {
            tokens.next();
            Expr exp = exponent();
            return postfix(new Expr.Bin(Expr.Op.POW, base, exp));
        }
        return base;
    }

    private Expr postfix(Expr e) {
        while (true) {
            String t = tokens.peek();
            if ("!".equals(t)) {
                tokens.next();
                e = new Expr.Func("factorial", e);
            } else if ("\\%".equals(t) || "%".equals(t)) {
                tokens.next();
                if (percent == PercentPolicy.FRACTION) {
                    e = new Expr.Bin(Expr.Op.DIV, e, integer(100));
                }
            } else {
                return e;
            }
        }
    }

    Expr exponent() {
        String t = tokens.peek();
        if ("-".equals(t)) {
            tokens.next();
            return new Expr.Neg(exponent());
        }
        return atoms.singleArgument();
    }

    private static boolean endsWithNumber(Expr e) {
        return e instanceof Expr.Const
                || (e instanceof Expr.Bin b && b.op() != Expr.Op.POW && endsWithNumber(b.right()));
    }

    private static Expr integer(long v) {
        return new Expr.Const(Num.exact(Rational.of(v), false), true);
    }
}
