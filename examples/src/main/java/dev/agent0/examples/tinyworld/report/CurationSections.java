package dev.agent0.examples.tinyworld.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agent0.examples.tinyworld.DifficultyLevel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report sections drawn from {@code questions.jsonl} and the curated problems: curriculum
 * difficulty and template diversity ({@link CurriculumStats}), the p̂ histogram of curation, and
 * pseudo-label accuracy ({@link PseudoLabelStats}, logging only).
 *
 * <p>Separate from {@link RunReport}, which only orders the sections; each log file's sections live
 * in their own class ({@link EvalSections}, {@link MetricsSections}).
 */
final class CurationSections {
    private final RunLogs logs;
    private final ReportPage page;
    private final StringBuilder md;

    CurationSections(RunLogs logs, ReportPage page) {
        this.logs = logs;
        this.page = page;
        this.md = page.md();
    }

    void curriculum() {
        page.section("Curriculum difficulty and template diversity");
        List<CurriculumStats> stats = CurriculumStats.of(logs.questions());
        if (stats.isEmpty()) {
            md.append("No questions in `questions.jsonl`.\n");
            return;
        }
        md.append(
                "Questions the curriculum wrote for curation each iteration. Estimated level: the"
                    + " hardest level whose operand length and operation count the question reaches"
                    + " (0: a bare number; 7-9: F1-F3). Beyond training: more than 3 operations or"
                    + " operands over 4 digits, a shape no executor transcript of the base has."
                    + " Template: the operator sequence, e.g. `+*` for `37+58*2`.\n\n");
        MarkdownTable table =
                new MarkdownTable(
                        List.of(
                                "iteration",
                                "questions",
                                "parsed",
                                "mean level",
                                "mean max digits",
                                "mean operations",
                                "distinct templates",
                                "top template",
                                "top share",
                                "beyond training"));
        for (CurriculumStats s : stats) {
            table.row(
                    List.of(
                            Integer.toString(s.iteration()),
                            Integer.toString(s.questions()),
                            Integer.toString(s.parsed()),
                            MarkdownTable.num(s.meanLevel()),
                            MarkdownTable.num(s.meanMaxDigits()),
                            MarkdownTable.num(s.meanOperations()),
                            Integer.toString(s.distinctTemplates()),
                            template(s.topTemplate()),
                            MarkdownTable.num(s.topTemplateShare()),
                            MarkdownTable.num(s.beyondTrainingShare())));
        }
        md.append(table.render()).append('\n');
        List<String> x = stats.stream().map(s -> Integer.toString(s.iteration())).toList();
        Map<String, List<Double>> difficulty = new LinkedHashMap<>();
        difficulty.put(
                "mean estimated level", stats.stream().map(CurriculumStats::meanLevel).toList());
        difficulty.put(
                "mean max digits", stats.stream().map(CurriculumStats::meanMaxDigits).toList());
        difficulty.put(
                "mean operations", stats.stream().map(CurriculumStats::meanOperations).toList());
        page.chart(
                "curriculum-difficulty.png",
                "Curriculum difficulty",
                f -> Charts.lines(f, "Curriculum difficulty", "mean", x, difficulty, null));
        Map<String, List<Double>> byLevel = new LinkedHashMap<>();
        byLevel.put("bare number", stats.stream().map(CurriculumStats::bareNumberShare).toList());
        for (DifficultyLevel l : DifficultyLevel.values()) {
            byLevel.put(l.name(), stats.stream().map(s -> s.levelShare(l)).toList());
        }
        byLevel.put(
                "beyond training",
                stats.stream().map(CurriculumStats::beyondTrainingShare).toList());
        page.chart(
                "curriculum-levels.png",
                "Curriculum questions by level",
                f ->
                        Charts.lines(
                                f,
                                "Curriculum questions by estimated level",
                                "share of parsed questions",
                                x,
                                byLevel,
                                new double[] {0, 1}));
        Map<String, List<Double>> diversity = new LinkedHashMap<>();
        diversity.put(
                "distinct templates / parsed",
                stats.stream()
                        .map(
                                s ->
                                        s.parsed() == 0
                                                ? Double.NaN
                                                : (double) s.distinctTemplates() / s.parsed())
                        .toList());
        diversity.put(
                "top template share",
                stats.stream().map(CurriculumStats::topTemplateShare).toList());
        page.chart(
                "template-diversity.png",
                "Template diversity",
                f ->
                        Charts.lines(
                                f,
                                "Curriculum template diversity",
                                "fraction",
                                x,
                                diversity,
                                new double[] {0, 1}));
    }

    void pHat() {
        page.section("p̂ of curated problems");
        List<Double> judged = new ArrayList<>();
        for (JsonNode q : logs.questions()) {
            if ("curation".equals(RunLogs.text(q, "phase")) && RunLogs.number(q, "k") > 0) {
                judged.add(RunLogs.number(q, "pHat"));
            }
        }
        List<Double> kept =
                logs.curated().stream()
                        .map(c -> RunLogs.number(c, "pHat"))
                        .filter(v -> !Double.isNaN(v))
                        .toList();
        if (judged.isEmpty() && kept.isEmpty()) {
            md.append("No curation lines.\n");
            return;
        }
        md.append(
                String.format(
                        "Self-consistency p̂ over all iterations: %d problems judged, %d kept "
                                + "(curated). Bins of width 0.1; the last holds 1.0.%n%n",
                        judged.size(), kept.size()));
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
        page.chart(
                "phat-histogram.png",
                "p̂ histogram",
                f ->
                        Charts.bars(
                                f,
                                "p̂ of judged and curated problems",
                                "p̂",
                                "problems",
                                bins,
                                series,
                                false));
    }

    void pseudoLabels() {
        page.section("Pseudo-label accuracy (logging only)");
        List<PseudoLabelStats> stats = PseudoLabelStats.of(logs.curated());
        if (stats.isEmpty()) {
            md.append("No curated problems.\n");
            return;
        }
        md.append(
                "Curated problems whose majority answer ỹ equals the true value of their question."
                    + " The true value is computed here for the report only; training never sees"
                    + " it.\n\n");
        MarkdownTable table =
                new MarkdownTable(
                        List.of("iteration", "curated", "checkable", "correct", "accuracy"));
        for (PseudoLabelStats s : stats) {
            table.row(
                    List.of(
                            Integer.toString(s.iteration()),
                            Integer.toString(s.curated()),
                            Integer.toString(s.checkable()),
                            Integer.toString(s.correct()),
                            MarkdownTable.num(s.accuracy())));
        }
        md.append(table.render()).append('\n');
        List<String> x = stats.stream().map(s -> Integer.toString(s.iteration())).toList();
        Map<String, List<Double>> series =
                Map.of(
                        "pseudo-label accuracy",
                        stats.stream().map(PseudoLabelStats::accuracy).toList());
        page.chart(
                "pseudo-label-accuracy.png",
                "Pseudo-label accuracy",
                f ->
                        Charts.lines(
                                f,
                                "Pseudo-label accuracy of curated problems",
                                "accuracy",
                                x,
                                series,
                                new double[] {0, 1}));
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
