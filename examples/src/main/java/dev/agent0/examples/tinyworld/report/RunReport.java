package dev.agent0.examples.tinyworld.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agent0.examples.tinyworld.DifficultyLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes the report of a tiny-world self-play run: {@code report.md} with the numbers as tables
 * and PNG plots next to them (issue 8).
 *
 * <p>Sections: held-out pass@1 greedy and sampled per level per iteration; tool-call rate,
 * no-answer rate and response length; curriculum difficulty ({@link QuestionShape}) and template
 * diversity; the p̂ histogram of curation; pseudo-label accuracy (logging only); collapse monitors
 * ({@link Monitors}); wall time per phase ({@link PhaseTimes}). A section whose logs are absent
 * says so instead of plotting.
 *
 * <pre>{@code
 * List<Path> files = RunReport.write(Path.of("runs/tiny"), Path.of("runs/tiny/report"));
 * }</pre>
 */
public final class RunReport {
    public static final String MARKDOWN = "report.md";
    private static final String[] MODES = {"greedy", "sampled"};

    private final RunLogs logs;
    private final Path out;
    private final List<Path> written = new ArrayList<>();
    private final StringBuilder md = new StringBuilder();

    private RunReport(RunLogs logs, Path out) {
        this.logs = logs;
        this.out = out;
    }

    /**
     * Reads {@code runDir}'s logs and writes {@code report.md} and the PNGs into {@code outDir}
     * (created if needed; existing files of the same names are replaced).
     *
     * @return the files written, report.md first
     */
    public static List<Path> write(Path runDir, Path outDir) {
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + outDir + ": " + e.getMessage(), e);
        }
        RunReport r = new RunReport(RunLogs.read(runDir), outDir);
        r.md.append("# Tiny-world self-play report\n\nRun folder: `").append(runDir.toAbsolutePath().normalize())
                .append("`. Iteration 0 is the executor before any training; iteration t is after t "
                        + "co-evolution iterations.\n");
        r.heldOut();
        r.toolUse();
        r.curriculum();
        r.pHat();
        r.pseudoLabels();
        r.monitors();
        r.wallTime();
        Path report = outDir.resolve(MARKDOWN);
        try {
            Files.writeString(report, r.md.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + report + ": " + e.getMessage(), e);
        }
        r.written.add(0, report);
        return List.copyOf(r.written);
    }

    // ---- sections ------------------------------------------------------------------------------

    private void heldOut() {
        section("Held-out pass@1");
        List<JsonNode> eval = evalLines();
        if (eval.isEmpty()) {
            md.append("No `eval.jsonl` lines: the run had no evaluator.\n");
            return;
        }
        JsonNode first = eval.get(0);
        md.append(String.format("%s problems per level; greedy = temperature 0, sampled = temperature %s "
                + "(seed %s), one trajectory per problem, tool loop on. Graded by exact integer value.%n%n",
                first.path("problemsPerLevel").asText("?"), first.path("temperature").asText("?"),
                first.path("seed").asText("?")));
        List<String> header = new ArrayList<>(List.of("iteration"));
        for (String mode : MODES) {
            header.add(mode);
            for (DifficultyLevel l : DifficultyLevel.values()) {
                header.add(mode.charAt(0) + " " + l.name());
            }
        }
        MarkdownTable table = new MarkdownTable(header);
        for (JsonNode e : eval) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(RunLogs.iteration(e))));
            for (String mode : MODES) {
                row.add(MarkdownTable.num(RunLogs.number(e, mode, "pass1")));
                for (DifficultyLevel l : DifficultyLevel.values()) {
                    row.add(MarkdownTable.num(RunLogs.number(e, mode, "levels", l.name(), "pass1")));
                }
            }
            table.row(row);
        }
        md.append(table.render()).append('\n');
        for (String mode : MODES) {
            Map<String, List<Double>> series = new LinkedHashMap<>();
            series.put("all", column(eval, e -> RunLogs.number(e, mode, "pass1")));
            for (DifficultyLevel l : DifficultyLevel.values()) {
                series.put(l.name(), column(eval, e -> RunLogs.number(e, mode, "levels", l.name(), "pass1")));
            }
            chart("pass1-" + mode + ".png", "Held-out pass@1, " + mode,
                    f -> Charts.lines(f, "Held-out pass@1, " + mode, "pass@1", iterations(eval), series,
                            new double[] {0, 1}));
        }
    }

    private void toolUse() {
        section("Tool-call rate and answers");
        List<JsonNode> eval = evalLines();
        if (eval.isEmpty()) {
            md.append("No `eval.jsonl` lines.\n");
            return;
        }
        md.append("Tool rate: fraction of held-out trajectories with at least one executed tool call. "
                + "No answer: no `\\boxed{}` at all. Tokens: mean response length, generated plus tool output.\n\n");
        MarkdownTable table = new MarkdownTable(List.of("iteration", "greedy tool rate", "sampled tool rate",
                "greedy no answer", "sampled no answer", "greedy tokens", "sampled tokens"));
        for (JsonNode e : eval) {
            table.row(List.of(Integer.toString(RunLogs.iteration(e)),
                    MarkdownTable.num(RunLogs.number(e, "greedy", "toolRate")),
                    MarkdownTable.num(RunLogs.number(e, "sampled", "toolRate")),
                    MarkdownTable.num(RunLogs.number(e, "greedy", "noAnswerRate")),
                    MarkdownTable.num(RunLogs.number(e, "sampled", "noAnswerRate")),
                    MarkdownTable.seconds(RunLogs.number(e, "greedy", "responseTokensMean")),
                    MarkdownTable.seconds(RunLogs.number(e, "sampled", "responseTokensMean"))));
        }
        md.append(table.render()).append('\n');
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (String mode : MODES) {
            series.put(mode, column(eval, e -> RunLogs.number(e, mode, "toolRate")));
        }
        chart("tool-rate.png", "Tool-call rate", f -> Charts.lines(f, "Held-out tool-call rate", "tool-call rate",
                iterations(eval), series, new double[] {0, 1}));
    }

    private void curriculum() {
        section("Curriculum difficulty and template diversity");
        List<CurriculumStats> stats = CurriculumStats.of(logs.questions());
        if (stats.isEmpty()) {
            md.append("No questions in `questions.jsonl`.\n");
            return;
        }
        md.append("Questions the curriculum wrote for curation each iteration. Estimated level: the hardest "
                + "level whose operand length and operation count the question reaches (0: a bare number). "
                + "Template: the operator sequence, e.g. `+*` for `37+58*2`.\n\n");
        MarkdownTable table = new MarkdownTable(List.of("iteration", "questions", "parsed", "mean level",
                "mean max digits", "mean operations", "distinct templates", "top template", "top share"));
        for (CurriculumStats s : stats) {
            table.row(List.of(Integer.toString(s.iteration()), Integer.toString(s.questions()),
                    Integer.toString(s.parsed()), MarkdownTable.num(s.meanLevel()),
                    MarkdownTable.num(s.meanMaxDigits()), MarkdownTable.num(s.meanOperations()),
                    Integer.toString(s.distinctTemplates()), template(s.topTemplate()),
                    MarkdownTable.num(s.topTemplateShare())));
        }
        md.append(table.render()).append('\n');
        List<String> x = stats.stream().map(s -> Integer.toString(s.iteration())).toList();
        Map<String, List<Double>> difficulty = new LinkedHashMap<>();
        difficulty.put("mean estimated level", stats.stream().map(CurriculumStats::meanLevel).toList());
        difficulty.put("mean max digits", stats.stream().map(CurriculumStats::meanMaxDigits).toList());
        difficulty.put("mean operations", stats.stream().map(CurriculumStats::meanOperations).toList());
        chart("curriculum-difficulty.png", "Curriculum difficulty",
                f -> Charts.lines(f, "Curriculum difficulty", "mean", x, difficulty, null));
        Map<String, List<Double>> diversity = new LinkedHashMap<>();
        diversity.put("distinct templates / parsed", stats.stream()
                .map(s -> s.parsed() == 0 ? Double.NaN : (double) s.distinctTemplates() / s.parsed()).toList());
        diversity.put("top template share", stats.stream().map(CurriculumStats::topTemplateShare).toList());
        chart("template-diversity.png", "Template diversity",
                f -> Charts.lines(f, "Curriculum template diversity", "fraction", x, diversity, new double[] {0, 1}));
    }

    private void pHat() {
        section("p̂ of curated problems");
        List<Double> judged = new ArrayList<>();
        for (JsonNode q : logs.questions()) {
            if ("curation".equals(RunLogs.text(q, "phase")) && RunLogs.number(q, "k") > 0) {
                judged.add(RunLogs.number(q, "pHat"));
            }
        }
        List<Double> kept = logs.curated().stream().map(c -> RunLogs.number(c, "pHat"))
                .filter(v -> !Double.isNaN(v)).toList();
        if (judged.isEmpty() && kept.isEmpty()) {
            md.append("No curation lines.\n");
            return;
        }
        md.append(String.format("Self-consistency p̂ over all iterations: %d problems judged, %d kept "
                + "(curated). Bins of width 0.1; the last holds 1.0.%n%n", judged.size(), kept.size()));
        int[] all = histogram(judged);
        int[] cur = histogram(kept);
        List<String> bins = new ArrayList<>();
        MarkdownTable table = new MarkdownTable(List.of("p̂", "judged", "curated"));
        for (int b = 0; b < 10; b++) {
            bins.add(String.format(java.util.Locale.ROOT, "%.1f-%.1f", b / 10.0, (b + 1) / 10.0));
            table.row(List.of(bins.get(b), Integer.toString(all[b]), Integer.toString(cur[b])));
        }
        md.append(table.render()).append('\n');
        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put("judged", counts(all));
        series.put("curated", counts(cur));
        chart("phat-histogram.png", "p̂ histogram",
                f -> Charts.bars(f, "p̂ of judged and curated problems", "p̂", "problems", bins, series, false));
    }

    private void pseudoLabels() {
        section("Pseudo-label accuracy (logging only)");
        List<PseudoLabelStats> stats = PseudoLabelStats.of(logs.curated());
        if (stats.isEmpty()) {
            md.append("No curated problems.\n");
            return;
        }
        md.append("Curated problems whose majority answer ỹ equals the true value of their question. "
                + "The true value is computed here for the report only; training never sees it.\n\n");
        MarkdownTable table = new MarkdownTable(List.of("iteration", "curated", "checkable", "correct", "accuracy"));
        for (PseudoLabelStats s : stats) {
            table.row(List.of(Integer.toString(s.iteration()), Integer.toString(s.curated()),
                    Integer.toString(s.checkable()), Integer.toString(s.correct()), MarkdownTable.num(s.accuracy())));
        }
        md.append(table.render()).append('\n');
        List<String> x = stats.stream().map(s -> Integer.toString(s.iteration())).toList();
        Map<String, List<Double>> series = Map.of("pseudo-label accuracy",
                stats.stream().map(PseudoLabelStats::accuracy).toList());
        chart("pseudo-label-accuracy.png", "Pseudo-label accuracy",
                f -> Charts.lines(f, "Pseudo-label accuracy of curated problems", "accuracy", x, series,
                        new double[] {0, 1}));
    }

    private void monitors() {
        section("Collapse monitors");
        Monitors m = Monitors.of(logs.metrics());
        List<String> fields = m.fields();
        if (fields.isEmpty()) {
            md.append("No `metrics.jsonl` lines with phase `monitors`.\n");
            return;
        }
        md.append("Every numeric field of the `monitors` lines, mean per iteration.\n\n");
        List<String> header = new ArrayList<>(List.of("iteration"));
        header.addAll(fields);
        MarkdownTable table = new MarkdownTable(header);
        List<String> x = new ArrayList<>();
        m.values().forEach((t, row) -> {
            x.add(Integer.toString(t));
            List<String> cells = new ArrayList<>(List.of(Integer.toString(t)));
            fields.forEach(f -> cells.add(MarkdownTable.num(row.getOrDefault(f, Double.NaN))));
            table.row(cells);
        });
        md.append(table.render()).append('\n');
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, List<Double>> others = new LinkedHashMap<>();
        for (String f : fields) {
            List<Double> ys = m.values().values().stream().map(row -> row.getOrDefault(f, Double.NaN)).toList();
            (m.isRate(f) ? rates : others).put(f, ys);
        }
        chart("monitors-rates.png", "Monitors (rates)",
                f -> Charts.lines(f, "Collapse monitors: rates", "fraction", x, rates, new double[] {0, 1}));
        chart("monitors-other.png", "Monitors (other)",
                f -> Charts.lines(f, "Collapse monitors: other values", "value", x, others, null));
    }

    private void wallTime() {
        section("Wall time per phase");
        PhaseTimes times = PhaseTimes.of(logs.metrics(), evalLines());
        List<String> phases = times.phases();
        if (phases.isEmpty()) {
            md.append("No `seconds` in the logs.\n");
            return;
        }
        md.append(String.format("Sum of `seconds` by phase; %s s in all.%n%n", MarkdownTable.seconds(times.total())));
        List<String> header = new ArrayList<>(List.of("iteration"));
        header.addAll(phases);
        header.add("total");
        MarkdownTable table = new MarkdownTable(header);
        List<String> x = new ArrayList<>();
        times.seconds().forEach((t, row) -> {
            x.add(Integer.toString(t));
            List<String> cells = new ArrayList<>(List.of(Integer.toString(t)));
            phases.forEach(p -> cells.add(MarkdownTable.seconds(row.getOrDefault(p, 0.0))));
            cells.add(MarkdownTable.seconds(row.values().stream().mapToDouble(Double::doubleValue).sum()));
            table.row(cells);
        });
        List<String> totals = new ArrayList<>(List.of("all"));
        phases.forEach(p -> totals.add(MarkdownTable.seconds(times.total(p))));
        totals.add(MarkdownTable.seconds(times.total()));
        md.append(table.row(totals).render()).append('\n');
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (String p : phases) {
            series.put(p, times.seconds().values().stream().map(row -> row.getOrDefault(p, 0.0)).toList());
        }
        chart("wall-time.png", "Wall time per phase",
                f -> Charts.bars(f, "Wall time per phase", "iteration", "seconds", x, series, true));
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void section(String title) {
        md.append("\n## ").append(title).append("\n\n");
    }

    /** Draws one chart into {@code name} and links it, or notes that there was nothing to draw. */
    private void chart(String name, String alt, Function<Path, Boolean> draw) {
        Path file = out.resolve(name);
        if (draw.apply(file)) {
            written.add(file);
            md.append("![").append(alt).append("](").append(name).append(")\n\n");
        } else {
            md.append("(").append(alt).append(": no numbers to plot.)\n\n");
        }
    }

    /** eval.jsonl lines in iteration order; a repeated iteration keeps its last line. */
    private List<JsonNode> evalLines() {
        Map<Integer, JsonNode> byIteration = new LinkedHashMap<>();
        logs.eval().forEach(e -> byIteration.put(RunLogs.iteration(e), e));
        return byIteration.values().stream().sorted(Comparator.comparingInt(RunLogs::iteration)).toList();
    }

    private static List<String> iterations(List<JsonNode> lines) {
        return lines.stream().map(l -> Integer.toString(RunLogs.iteration(l))).toList();
    }

    private static List<Double> column(List<JsonNode> lines, Function<JsonNode, Double> value) {
        return lines.stream().map(value).toList();
    }

    private static String template(String t) {
        return t == null ? "–" : t.isEmpty() ? "(number)" : "`" + t + "`";
    }

    /** Counts per bin of width 0.1 over [0, 1]; 1.0 joins the last bin. */
    static int[] histogram(List<Double> values) {
        int[] bins = new int[10];
        for (double v : values) {
            if (v >= 0 && v <= 1) {
                bins[Math.min(9, (int) Math.floor(v * 10 + 1e-9))]++; // 1e-9: 0.3 lands in 0.3-0.4
            }
        }
        return bins;
    }

    private static List<Double> counts(int[] bins) {
        List<Double> out = new ArrayList<>();
        for (int b : bins) {
            out.add((double) b);
        }
        return out;
    }
}
