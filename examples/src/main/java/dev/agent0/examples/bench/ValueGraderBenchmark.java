package dev.agent0.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent0.eval.grade.Rational;
import dev.agent0.eval.grade.ValueEquivalence;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Throughput of the value grader on MATH-500: each gold against a re-formatted copy ({@code \frac}
 * ↔ {@code \dfrac}, exact decimals for terminating fractions, spaces after commas, {@code \left(
 * \right)}), and against a perturbed copy (first digit + 1). Single thread.
 *
 * <pre>
 * java -cp examples/target/agent0.jar dev.agent0.examples.bench.ValueGraderBenchmark \
 *     testdata/data/math500/test.jsonl [passes] [pairs.jsonl]
 * </pre>
 *
 * With a third argument the pairs are also written there, one {@code {"pred","gold","equal"}} per
 * line, for {@code benchmarks/sympy_grader.py} to time a sympy-based grader on the same pairs.
 *
 * <p>Prints one JSON object: pairs, passes, verdict counts, pairs/s (median and best pass), µs per
 * pair.
 */
public final class ValueGraderBenchmark {
    private ValueGraderBenchmark() {}

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "testdata/data/math500/test.jsonl");
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        ObjectMapper json = new ObjectMapper();
        List<String[]> same = new ArrayList<>();
        List<String[]> perturbed = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode row = json.readTree(line);
            String gold = row.get("answer").asText();
            same.add(new String[] {reformat(gold), gold});
            perturbed.add(new String[] {bumpFirstDigit(gold), gold});
        }
        if (args.length > 2) {
            // The exact pairs, for another grader to time (benchmarks/sympy_grader.py).
            StringBuilder out = new StringBuilder();
            for (String[] p : same) {
                out.append(
                                json.writeValueAsString(
                                        Map.of("pred", p[0], "gold", p[1], "equal", true)))
                        .append('\n');
            }
            for (String[] p : perturbed) {
                out.append(
                                json.writeValueAsString(
                                        Map.of("pred", p[0], "gold", p[1], "equal", false)))
                        .append('\n');
            }
            Files.writeString(Path.of(args[2]), out);
        }
        ValueEquivalence grader = new ValueEquivalence();
        long changed = same.stream().filter(p -> !p[0].strip().equals(p[1].strip())).count();
        Map<String, Object> sameStats = measure(grader, same, passes);
        Map<String, Object> diffStats = measure(grader, perturbed, passes);
        System.out.println(
                json.writeValueAsString(
                        Map.of(
                                "file",
                                file.toString(),
                                "pairs",
                                same.size(),
                                "reformatted",
                                changed,
                                "passes",
                                passes,
                                "gold_vs_reformatted",
                                sameStats,
                                "gold_vs_perturbed",
                                diffStats,
                                "java",
                                System.getProperty("java.version"),
                                "cores",
                                Runtime.getRuntime().availableProcessors())));
    }

    /** Times each pass separately; reports the median and best pass (the machine may be shared). */
    private static Map<String, Object> measure(
            ValueEquivalence grader, List<String[]> pairs, int passes) {
        for (int warm = 0; warm < 50; warm++) { // the JIT needs ~20 passes to settle
            for (String[] p : pairs) {
                grader.compare(p[0], p[1]);
            }
        }
        int correct = 0;
        double[] seconds = new double[passes];
        for (int pass = 0; pass < passes; pass++) {
            correct = 0;
            long t0 = System.nanoTime();
            for (String[] p : pairs) {
                correct += grader.compare(p[0], p[1]).correct() ? 1 : 0;
            }
            seconds[pass] = (System.nanoTime() - t0) / 1e9;
        }
        java.util.Arrays.sort(seconds);
        double median = seconds[passes / 2];
        double best = seconds[0];
        return Map.of(
                "judged_equal",
                correct,
                "pairs_per_second_median",
                Math.round(pairs.size() / median),
                "pairs_per_second_best",
                Math.round(pairs.size() / best),
                "micros_per_pair_median",
                Math.round(1e6 * median / pairs.size() * 10) / 10.0);
    }

    /** The same answer written differently. */
    static String reformat(String gold) {
        if (gold.matches("-?\\d+")) {
            return gold + ".0"; // 42 -> 42.0: a decimal against an integer
        }
        String decimal = terminatingDecimal(gold);
        if (decimal != null && !decimal.equals(gold)) {
            return decimal;
        }
        String s =
                gold.contains("\\dfrac")
                        ? gold.replace("\\dfrac", "\\frac")
                        : gold.replace("\\frac", "\\dfrac");
        s = s.replaceAll(",\\s*", ", ");
        if (s.startsWith("(") && s.endsWith(")") && !s.contains("\\left")) {
            s = "\\left" + s.substring(0, s.length() - 1) + "\\right)";
        }
        return s.equals(gold) ? " " + gold + " " : s;
    }

    /**
     * A gold that is one number, read exactly: optional minus and {@code \$}, then a decimal, or a
     * fraction ({@code \frac}, {@code \dfrac}, {@code \tfrac}; braced or single-digit arguments)
     * after an optional whole part, then an optional {@code \text{unit}} or percent sign.
     *
     * <p>The grader's parser is internal to agent0-eval, so the benchmark reads these forms itself.
     * On MATH-500 they give exactly the pairs the grader's parser gave (all 500 compared); on other
     * files, golds the parser would evaluate further ({@code 2^{-3}}, {@code x=\frac12}, sums) keep
     * the {@code \frac}/{@code \dfrac} re-formatting instead of a decimal.
     */
    private static final Pattern NUMBER =
            Pattern.compile(
                    "(-?)\\s*(?:\\\\\\$)?\\s*(?:(\\d*\\.?\\d+)|(?:(\\d+)\\s*)?\\\\[dt]?frac"
                            + "(?:\\{(\\d+)\\}\\{(\\d+)\\}|\\s*(\\d)(\\d)))"
                            + "(?:\\s*\\\\text\\{[^{}]*\\}|\\s*\\\\?%)?");

    /** 0.5 for \frac{1}{2}; null unless gold is a non-integer rational with a finite decimal. */
    private static String terminatingDecimal(String gold) {
        Matcher m = NUMBER.matcher(gold.strip());
        if (!m.matches()) {
            return null;
        }
        try {
            Rational value;
            if (m.group(2) != null) {
                value = Rational.parseDecimal(m.group(2));
            } else {
                String num = m.group(4) != null ? m.group(4) : m.group(6);
                String den = m.group(5) != null ? m.group(5) : m.group(7);
                value = new Rational(new BigInteger(num), new BigInteger(den));
                if (m.group(3) != null) {
                    value = value.add(Rational.of(new BigInteger(m.group(3))));
                }
            }
            if (!m.group(1).isEmpty()) {
                value = value.negate();
            }
            if (value.isInteger()) {
                return null;
            }
            BigInteger d = value.denominator();
            while (d.mod(BigInteger.TWO).signum() == 0) {
                d = d.divide(BigInteger.TWO);
            }
            while (d.mod(BigInteger.valueOf(5)).signum() == 0) {
                d = d.divide(BigInteger.valueOf(5));
            }
            if (!d.equals(BigInteger.ONE)) {
                return null;
            }
            return new BigDecimal(value.numerator())
                    .divide(new BigDecimal(value.denominator()))
                    .toPlainString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String bumpFirstDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isDigit(c)) {
                return s.substring(0, i) + (char) ('0' + (c - '0' + 1) % 10) + s.substring(i + 1);
            }
        }
        return s + "+1";
    }
}
