package dev.agent0.examples.tinyworld.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report sections drawn from {@code metrics.jsonl}: collapse monitors ({@link Monitors}) and
 * wall time per phase ({@link PhaseTimes}, which also counts the evaluator's seconds from {@code
 * eval.jsonl}).
 *
 * <p>Separate from {@link RunReport}, which only orders the sections; each log file's sections live
 * in their own class ({@link EvalSections}, {@link CurationSections}).
 */
final class MetricsSections {
    private final RunLogs logs;
    private final ReportPage page;
    private final StringBuilder md;

    MetricsSections(RunLogs logs, ReportPage page) {
        this.logs = logs;
        this.page = page;
        this.md = page.md();
    }

    void monitors() {
        page.section("Collapse monitors");
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
        m.values()
                .forEach(
                        (t, row) -> {
                            x.add(Integer.toString(t));
                            List<String> cells = new ArrayList<>(List.of(Integer.toString(t)));
                            fields.forEach(
                                    f ->
                                            cells.add(
                                                    MarkdownTable.num(
                                                            row.getOrDefault(f, Double.NaN))));
                            table.row(cells);
                        });
        md.append(table.render()).append('\n');
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, List<Double>> others = new LinkedHashMap<>();
        for (String f : fields) {
            List<Double> ys =
                    m.values().values().stream()
                            .map(row -> row.getOrDefault(f, Double.NaN))
                            .toList();
            (m.isRate(f) ? rates : others).put(f, ys);
        }
        page.chart(
                "monitors-rates.png",
                "Monitors (rates)",
                f ->
                        Charts.lines(
                                f,
                                "Collapse monitors: rates",
                                "fraction",
                                x,
                                rates,
                                new double[] {0, 1}));
        page.chart(
                "monitors-other.png",
                "Monitors (other)",
                f -> Charts.lines(f, "Collapse monitors: other values", "value", x, others, null));
    }

    void wallTime() {
        page.section("Wall time per phase");
        PhaseTimes times = PhaseTimes.of(logs.metrics(), EvalSections.evalLines(logs));
        List<String> phases = times.phases();
        if (phases.isEmpty()) {
            md.append("No `seconds` in the logs.\n");
            return;
        }
        md.append(
                String.format(
                        "Sum of `seconds` by phase; %s s in all.%n%n",
                        MarkdownTable.seconds(times.total())));
        List<String> header = new ArrayList<>(List.of("iteration"));
        header.addAll(phases);
        header.add("total");
        MarkdownTable table = new MarkdownTable(header);
        List<String> x = new ArrayList<>();
        times.seconds()
                .forEach(
                        (t, row) -> {
                            x.add(Integer.toString(t));
                            List<String> cells = new ArrayList<>(List.of(Integer.toString(t)));
                            phases.forEach(
                                    p ->
                                            cells.add(
                                                    MarkdownTable.seconds(
                                                            row.getOrDefault(p, 0.0))));
                            cells.add(
                                    MarkdownTable.seconds(
                                            row.values().stream()
                                                    .mapToDouble(Double::doubleValue)
                                                    .sum()));
                            table.row(cells);
                        });
        List<String> totals = new ArrayList<>(List.of("all"));
        phases.forEach(p -> totals.add(MarkdownTable.seconds(times.total(p))));
        totals.add(MarkdownTable.seconds(times.total()));
        md.append(table.row(totals).render()).append('\n');
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (String p : phases) {
            series.put(
                    p,
                    times.seconds().values().stream()
                            .map(row -> row.getOrDefault(p, 0.0))
                            .toList());
        }
        page.chart(
                "wall-time.png",
                "Wall time per phase",
                f ->
                        Charts.bars(
                                f, "Wall time per phase", "iteration", "seconds", x, series, true));
    }
}
