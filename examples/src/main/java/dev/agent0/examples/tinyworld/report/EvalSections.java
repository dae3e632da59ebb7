package dev.agent0.examples.tinyworld.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agent0.examples.tinyworld.DifficultyLevel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The report sections drawn from {@code eval.jsonl}: held-out pass@1 (greedy and sampled, per
 * level) and the tool-call, no-answer and response-length columns.
 *
 * <p>Separate from {@link RunReport}, which only orders the sections; each log file's sections live
 * in their own class ({@link CurationSections}, {@link MetricsSections}).
 */
final class EvalSections {
    private static final String[] MODES = {"greedy", "sampled"};

    private final RunLogs logs;
    private final ReportPage page;
    private final StringBuilder md;

    EvalSections(RunLogs logs, ReportPage page) {
        this.logs = logs;
        this.page = page;
        this.md = page.md();
    }

    void heldOut() {
        page.section("Held-out pass@1");
        List<JsonNode> eval = evalLines(logs);
        if (eval.isEmpty()) {
            md.append("No `eval.jsonl` lines: the run had no evaluator.\n");
            return;
        }
        JsonNode first = eval.get(0);
        md.append(
                String.format(
                        "%s problems per level; greedy = temperature 0, sampled = temperature %s"
                                + " (seed %s), one trajectory per problem, tool loop on. Graded by"
                                + " exact integer value.%n%n",
                        first.path("problemsPerLevel").asText("?"),
                        first.path("temperature").asText("?"),
                        first.path("seed").asText("?")));
        List<String> levels = levelNames(first);
        List<String> groups = groupNames(first);
        List<String> header = new ArrayList<>(List.of("iteration"));
        for (String mode : MODES) {
            header.add(mode);
            for (String g : groups) {
                header.add(mode.charAt(0) + " " + g);
            }
            for (String l : levels) {
                header.add(mode.charAt(0) + " " + l);
            }
        }
        MarkdownTable table = new MarkdownTable(header);
        for (JsonNode e : eval) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(RunLogs.iteration(e))));
            for (String mode : MODES) {
                row.add(MarkdownTable.num(RunLogs.number(e, mode, "pass1")));
                for (String g : groups) {
                    row.add(MarkdownTable.num(RunLogs.number(e, mode, g, "pass1")));
                }
                for (String l : levels) {
                    row.add(MarkdownTable.num(RunLogs.number(e, mode, "levels", l, "pass1")));
                }
            }
            table.row(row);
        }
        md.append(table.render()).append('\n');
        for (String mode : MODES) {
            Map<String, List<Double>> series = new LinkedHashMap<>();
            series.put("all", column(eval, e -> RunLogs.number(e, mode, "pass1")));
            for (String g : groups) {
                series.put(g, column(eval, e -> RunLogs.number(e, mode, g, "pass1")));
            }
            for (String l : levels) {
                series.put(l, column(eval, e -> RunLogs.number(e, mode, "levels", l, "pass1")));
            }
            page.chart(
                    "pass1-" + mode + ".png",
                    "Held-out pass@1, " + mode,
                    f ->
                            Charts.lines(
                                    f,
                                    "Held-out pass@1, " + mode,
                                    "pass@1",
                                    iterations(eval),
                                    series,
                                    new double[] {0, 1}));
        }
    }

    void toolUse() {
        page.section("Tool-call rate and answers");
        List<JsonNode> eval = evalLines(logs);
        if (eval.isEmpty()) {
            md.append("No `eval.jsonl` lines.\n");
            return;
        }
        md.append(
                "Tool rate: fraction of held-out trajectories with at least one executed tool call."
                    + " No answer: no `\\boxed{}` at all. Tokens: mean response length, generated"
                    + " plus tool output.\n\n");
        MarkdownTable table =
                new MarkdownTable(
                        List.of(
                                "iteration",
                                "greedy tool rate",
                                "sampled tool rate",
                                "greedy no answer",
                                "sampled no answer",
                                "greedy tokens",
                                "sampled tokens"));
        for (JsonNode e : eval) {
            table.row(
                    List.of(
                            Integer.toString(RunLogs.iteration(e)),
                            MarkdownTable.num(RunLogs.number(e, "greedy", "toolRate")),
                            MarkdownTable.num(RunLogs.number(e, "sampled", "toolRate")),
                            MarkdownTable.num(RunLogs.number(e, "greedy", "noAnswerRate")),
                            MarkdownTable.num(RunLogs.number(e, "sampled", "noAnswerRate")),
                            MarkdownTable.seconds(
                                    RunLogs.number(e, "greedy", "responseTokensMean")),
                            MarkdownTable.seconds(
                                    RunLogs.number(e, "sampled", "responseTokensMean"))));
        }
        md.append(table.render()).append('\n');
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (String mode : MODES) {
            series.put(mode, column(eval, e -> RunLogs.number(e, mode, "toolRate")));
        }
        page.chart(
                "tool-rate.png",
                "Tool-call rate",
                f ->
                        Charts.lines(
                                f,
                                "Held-out tool-call rate",
                                "tool-call rate",
                                iterations(eval),
                                series,
                                new double[] {0, 1}));
    }

    /** L1..L6, and the frontier levels the run evaluated (F1..F3 in the frontier world). */
    static List<String> levelNames(JsonNode first) {
        List<String> names = new ArrayList<>();
        JsonNode logged = first.path("greedy").path("levels");
        for (DifficultyLevel l : DifficultyLevel.values()) {
            if (!l.frontier() || logged.has(l.name())) {
                names.add(l.name()); // L1..L6 always (a missing one shows as "–")
            }
        }
        return names;
    }

    /** {@code inDistribution} and {@code frontier} when the run has frontier levels, else none. */
    static List<String> groupNames(JsonNode first) {
        return first.path("greedy").has("frontier")
                ? List.of("inDistribution", "frontier")
                : List.of();
    }

    /** eval.jsonl lines in iteration order; a repeated iteration keeps its last line. */
    static List<JsonNode> evalLines(RunLogs logs) {
        Map<Integer, JsonNode> byIteration = new LinkedHashMap<>();
        logs.eval().forEach(e -> byIteration.put(RunLogs.iteration(e), e));
        return byIteration.values().stream()
                .sorted(Comparator.comparingInt(RunLogs::iteration))
                .toList();
    }

    private static List<String> iterations(List<JsonNode> lines) {
        return lines.stream().map(l -> Integer.toString(RunLogs.iteration(l))).toList();
    }

    private static List<Double> column(List<JsonNode> lines, Function<JsonNode, Double> value) {
        return lines.stream().map(value).toList();
    }
}
