package dev.agent0.eval.grade;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;

/**
 * The value-equivalence grader ({@code value}): two answers are equal when they denote the same
 * mathematical object, in the style of Math-Verify and Qwen2.5-Math's {@code math_equal}.
 *
 * <p>Pure Java, no network: numbers are exact {@link Rational}s where possible; decimals and
 * irrationals compare with a relative tolerance; symbolic expressions compare at seeded random
 * points; tuples in order, sets and {@code \pm} as multisets, intervals with matching brackets,
 * matrices element-wise; a word ({@code \text{odd}}) equals the same letters written as a product
 * ({@code odd}). Each comparison runs under a time cap. An unreadable gold gives {@link
 * GradeStatus#GOLD_UNPARSABLE}, never a silent 0. {@link #grade} finds the answer with {@link
 * AnswerExtractor#extractValue} (Math-Verify's order). An inequality in one variable is the
 * interval it describes ({@code k \ge 2} = {@code [2, \infty)}, see {@link Relations}); {@code
 * h:mm} is a time of day and any other {@code a:b} the ratio a/b; a relation on {@code |x|} is the
 * union of intervals it allows. Not covered: complex arithmetic ({@code i} is an ordinary
 * variable), inequalities on other expressions ({@code x + 1 > 2}), units conversion, set-builder
 * notation, repeating decimals, transposes.
 */
public final class ValueEquivalence implements Grader {
    public static final String NAME = "value";
    private final ValueGraderConfig config;
    private final ValueParser parser;

    public ValueEquivalence(ValueGraderConfig config) {
        this.config = config;
        this.parser = new ValueParser(config.percent());
    }

    public ValueEquivalence() {
        this(ValueGraderConfig.defaults());
    }

    public ValueGraderConfig config() {
        return config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Grade grade(String response, String gold) {
        Optional<String> pred = AnswerExtractor.extractValue(response);
        if (pred.isEmpty()) {
            return new Grade(NAME, GradeStatus.NO_ANSWER, null, "no answer found in the response");
        }
        return compare(pred.get(), AnswerExtractor.gold(gold));
    }

    /** Compares two bare answers: {@code pred} against {@code gold}. */
    public Grade compare(String pred, String gold) {
        if (pred.length() > config.maxAnswerLength()) {
            return new Grade(
                    NAME,
                    GradeStatus.INCORRECT,
                    pred.substring(0, 40) + "…",
                    "answer has "
                            + pred.length()
                            + " characters, cap is "
                            + config.maxAnswerLength());
        }
        if (gold.length() > config.maxAnswerLength()) {
            return new Grade(
                    NAME,
                    GradeStatus.GOLD_UNPARSABLE,
                    pred,
                    "gold has "
                            + gold.length()
                            + " characters, cap is "
                            + config.maxAnswerLength());
        }
        boolean sameText = squash(pred).equals(squash(gold));
        Budget budget = new Budget(config.timeCapMillis());
        MathValue g;
        try {
            g = parser.parse(gold);
        } catch (LatexParseException | ArithmeticException e) {
            return sameText
                    ? new Grade(
                            NAME,
                            GradeStatus.CORRECT,
                            pred,
                            "identical text; gold unparsable: " + e.getMessage())
                    : new Grade(
                            NAME,
                            GradeStatus.GOLD_UNPARSABLE,
                            pred,
                            "gold '" + gold + "': " + e.getMessage());
        }
        if (sameText) {
            return new Grade(NAME, GradeStatus.CORRECT, pred, "identical text");
        }
        try {
            MathValue p = parser.parse(pred);
            boolean eq = equal(p, g, budget);
            return new Grade(
                    NAME,
                    eq ? GradeStatus.CORRECT : GradeStatus.INCORRECT,
                    pred,
                    eq ? "equal values" : "different values");
        } catch (LatexParseException | ArithmeticException e) {
            return new Grade(
                    NAME, GradeStatus.INCORRECT, pred, "prediction unparsable: " + e.getMessage());
        } catch (Budget.Timeout e) {
            return new Grade(NAME, GradeStatus.TIMEOUT, pred, e.getMessage());
        }
    }

    /**
     * Whether two answers are the same value; symmetric use for self-consistency. Unreadable
     * answers are equal only to identical text.
     */
    public boolean equivalent(String a, String b) {
        if (squash(a).equals(squash(b))) {
            return true;
        }
        Grade g = compare(a, b);
        if (g.status() == GradeStatus.GOLD_UNPARSABLE) {
            return false;
        }
        return g.correct();
    }

    /** The parse error of an answer as gold, or empty when it reads. */
    public Optional<String> parseError(String answer) {
        try {
            parser.parse(answer);
            return Optional.empty();
        } catch (LatexParseException | ArithmeticException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static String squash(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                sb.append(s.charAt(i));
            }
        }
        return sb.toString();
    }

    // ---- structural comparison ---------------------------------------------------------------

    private boolean equal(MathValue p, MathValue g, Budget b) {
        b.check();
        if (p instanceof MathValue.Scalar ps && g instanceof MathValue.Scalar gs) {
            return scalarEqual(ps.expr(), gs.expr(), b);
        }
        if (p instanceof MathValue.Text pt && g instanceof MathValue.Text gt) {
            return pt.words().equals(gt.words());
        }
        // \text{odd} against odd: the word against the letters of a product o·d·d (Math-Verify's
        // sympy_compare_symbols joins a product of symbols back into one name).
        if (p instanceof MathValue.Text pt && g instanceof MathValue.Scalar gs) {
            return sameWord(pt, gs.expr());
        }
        if (g instanceof MathValue.Text gt && p instanceof MathValue.Scalar ps) {
            return sameWord(gt, ps.expr());
        }
        if (p instanceof MathValue.Time pt && g instanceof MathValue.Time gt) {
            return pt.hours() * 60 + pt.minutes() == gt.hours() * 60 + gt.minutes();
        }
        if (p instanceof MathValue.Time pt) {
            return pt.minutes() != 0 && equal(asRatio(pt), g, b);
        }
        if (g instanceof MathValue.Time gt) {
            return gt.minutes() != 0 && equal(p, asRatio(gt), b);
        }
        if (p instanceof MathValue.Choice pc && g instanceof MathValue.Choice gc) {
            return pc.letter() == gc.letter();
        }
        if (p instanceof MathValue.Tuple pt && g instanceof MathValue.Tuple gt) {
            return inOrder(pt.items(), gt.items(), b);
        }
        if (p instanceof MathValue.Interval pi && g instanceof MathValue.Interval gi) {
            return pi.leftClosed() == gi.leftClosed()
                    && pi.rightClosed() == gi.rightClosed()
                    && scalarEqual(pi.low(), gi.low(), b)
                    && scalarEqual(pi.high(), gi.high(), b);
        }
        if (p instanceof MathValue.Union pu && g instanceof MathValue.Union gu) {
            return asMultiset(pu.parts(), gu.parts(), b);
        }
        if (p instanceof MathValue.Matrix pm && g instanceof MathValue.Matrix gm) {
            return matrixEqual(pm.rows(), gm.rows(), b);
        }
        if (p instanceof MathValue.Equation pe && g instanceof MathValue.Equation ge) {
            return equationEqual(pe, ge, b);
        }
        // x < -1 or x > 2 (a list of rays) against (-\infty, -1) \cup (2, \infty).
        if (p instanceof MathValue.Union pu && allIntervals(g)) {
            return asMultiset(pu.parts(), ((MathValue.BareList) g).items(), b);
        }
        if (g instanceof MathValue.Union gu && allIntervals(p)) {
            return asMultiset(((MathValue.BareList) p).items(), gu.parts(), b);
        }
        // (a, b) is both a point and an open interval.
        if (p instanceof MathValue.Tuple t && g instanceof MathValue.Interval i) {
            return openPair(t, i, b);
        }
        if (g instanceof MathValue.Tuple t && p instanceof MathValue.Interval i) {
            return openPair(t, i, b);
        }
        List<MathValue> pl = items(p);
        List<MathValue> gl = items(g);
        if (pl != null && gl != null) {
            boolean ordered = p instanceof MathValue.Tuple || g instanceof MathValue.Tuple;
            return ordered ? inOrder(pl, gl, b) : asMultiset(pl, gl, b);
        }
        return false;
    }

    private static boolean allIntervals(MathValue v) {
        return v instanceof MathValue.BareList l
                && l.items().stream().allMatch(MathValue.Interval.class::isInstance);
    }

    /** 3:15 read as the ratio 3/15 (latex2sympy2_extended's colon). */
    private static MathValue asRatio(MathValue.Time t) {
        Num h = Num.exact(Rational.of(t.hours()), false);
        Num m = Num.exact(Rational.of(t.minutes()), false);
        return new MathValue.Scalar(
                new Expr.Bin(Expr.Op.DIV, new Expr.Const(h, true), new Expr.Const(m, true)));
    }

    private static boolean sameWord(MathValue.Text t, Expr e) {
        StringBuilder letters = new StringBuilder();
        return lettersOf(e, letters)
                && t.words().replace(" ", "").equalsIgnoreCase(letters.toString());
    }

    /** Appends the letters of a product of one-letter variables in written order, if it is one. */
    private static boolean lettersOf(Expr e, StringBuilder out) {
        if (e instanceof Expr.Var v && v.name().length() == 1) {
            out.append(v.name());
            return true;
        }
        if (e instanceof Expr.Constant c && c.name().equals("e")) {
            out.append('e');
            return true;
        }
        return e instanceof Expr.Bin b
                && b.op() == Expr.Op.MUL
                && lettersOf(b.left(), out)
                && lettersOf(b.right(), out);
    }

    /** Items of a list-like value; a scalar is a one-item list so that {5} = 5. */
    private static List<MathValue> items(MathValue v) {
        if (v instanceof MathValue.SetOf s) {
            return s.items();
        }
        if (v instanceof MathValue.BareList l) {
            return l.items();
        }
        if (v instanceof MathValue.Tuple t) {
            return t.items();
        }
        if (v instanceof MathValue.Scalar) {
            return List.of(v);
        }
        return null;
    }

    private boolean openPair(MathValue.Tuple t, MathValue.Interval i, Budget b) {
        return t.items().size() == 2
                && !i.leftClosed()
                && !i.rightClosed()
                && equal(t.items().get(0), new MathValue.Scalar(i.low()), b)
                && equal(t.items().get(1), new MathValue.Scalar(i.high()), b);
    }

    private boolean inOrder(List<MathValue> p, List<MathValue> g, Budget b) {
        if (p.size() != g.size()) {
            return false;
        }
        for (int i = 0; i < p.size(); i++) {
            if (!equal(p.get(i), g.get(i), b)) {
                return false;
            }
        }
        return true;
    }

    private boolean asMultiset(List<MathValue> p, List<MathValue> g, Budget b) {
        if (p.size() != g.size()) {
            return false;
        }
        boolean[] used = new boolean[g.size()];
        for (MathValue x : p) {
            boolean matched = false;
            for (int j = 0; j < g.size() && !matched; j++) {
                if (!used[j] && equal(x, g.get(j), b)) {
                    used[j] = true;
                    matched = true;
                }
            }
            if (!matched) {
                return false;
            }
        }
        return true;
    }

    private boolean matrixEqual(List<List<Expr>> p, List<List<Expr>> g, Budget b) {
        if (p.size() != g.size()) {
            return false;
        }
        for (int r = 0; r < p.size(); r++) {
            if (p.get(r).size() != g.get(r).size()) {
                return false;
            }
            for (int c = 0; c < p.get(r).size(); c++) {
                if (!scalarEqual(p.get(r).get(c), g.get(r).get(c), b)) {
                    return false;
                }
            }
        }
        return true;
    }

    // ---- scalars -----------------------------------------------------------------------------

    private boolean scalarEqual(Expr p, Expr g, Budget b) {
        TreeSet<String> vars = new TreeSet<>();
        p.collectVariables(vars);
        g.collectVariables(vars);
        if (vars.isEmpty()) {
            Num x = p.eval(Map.of(), b);
            Num y = g.eval(Map.of(), b);
            if (x.sameValue(y, config.relativeTolerance())) {
                return true;
            }
            if (config.percent() == PercentPolicy.SCALED) {
                Num hundred = Num.exact(Rational.of(100), false);
                return x.sameValue(y.multiply(hundred), config.relativeTolerance())
                        || x.sameValue(y.divide(hundred), config.relativeTolerance());
            }
            return false;
        }
        return atRandomPoints(
                vars,
                b,
                env -> {
                    double x = p.eval(env, b).approx();
                    double y = g.eval(env, b).approx();
                    return new double[] {x, y};
                },
                (x, y) -> close(x, y, config.symbolicTolerance()));
    }

    /** lhs₁ − rhs₁ = c·(lhs₂ − rhs₂) for one constant c ≠ 0 at every point. */
    private boolean equationEqual(MathValue.Equation p, MathValue.Equation g, Budget b) {
        Expr dp = new Expr.Bin(Expr.Op.SUB, p.lhs(), p.rhs());
        Expr dg = new Expr.Bin(Expr.Op.SUB, g.lhs(), g.rhs());
        TreeSet<String> vars = new TreeSet<>();
        dp.collectVariables(vars);
        dg.collectVariables(vars);
        double[] ratio = {Double.NaN};
        return atRandomPoints(
                vars,
                b,
                env -> new double[] {dp.eval(env, b).approx(), dg.eval(env, b).approx()},
                (x, y) -> {
                    if (Math.abs(y) < 1e-9) {
                        return Math.abs(x) < 1e-9;
                    }
                    if (Double.isNaN(ratio[0])) {
                        ratio[0] = x / y;
                        return Math.abs(ratio[0]) > 1e-12;
                    }
                    return close(x, ratio[0] * y, config.symbolicTolerance());
                });
    }

    private interface PairEval {
        double[] at(Map<String, Double> env);
    }

    private interface PairTest {
        boolean test(double x, double y);
    }

    /**
     * Evaluates both sides at {@code config.points()} seeded random points where both are finite;
     * even tries draw from [−3, 3], odd tries from [0.1, 3] so that roots and logs get valid
     * points.
     */
    private boolean atRandomPoints(TreeSet<String> vars, Budget b, PairEval eval, PairTest test) {
        Random rnd = new Random(config.seed());
        int valid = 0;
        int needed = vars.isEmpty() ? 1 : config.points();
        for (int attempt = 0; attempt < 8 * needed + 8 && valid < needed; attempt++) {
            b.check();
            Map<String, Double> env = new HashMap<>();
            for (String v : vars) {
                env.put(
                        v,
                        attempt % 2 == 0
                                ? -3 + 6 * rnd.nextDouble()
                                : 0.1 + 2.9 * rnd.nextDouble());
            }
            double[] xy = eval.at(env);
            if (!Double.isFinite(xy[0]) || !Double.isFinite(xy[1])) {
                continue;
            }
            if (!test.test(xy[0], xy[1])) {
                return false;
            }
            valid++;
        }
        return valid >= Math.min(needed, 3);
    }

    private static boolean close(double x, double y, double tol) {
        double d = Math.abs(x - y);
        return d <= 1e-9 || d <= tol * Math.max(Math.abs(x), Math.abs(y));
    }

    /** For tests: the parsed structure's kind, e.g. "Tuple". */
    String kindOf(String answer) {
        return parser.parse(answer).getClass().getSimpleName();
    }
}
