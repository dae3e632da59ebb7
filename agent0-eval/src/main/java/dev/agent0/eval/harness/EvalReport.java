package dev.agent0.eval.harness;

import java.util.List;
import java.util.Map;

/**
 * The summary of one evaluation run, written as {@code report.json} and {@code report.md}.
 *
 * @param dataset data set name (gsm8k, math500, or the JSONL file name)
 * @param solver solver name (served model name)
 * @param grader the grader behind pass@1, maj@k and pass@k, with its settings
 * @param k samples per item
 * @param overall metrics over all items with a readable gold
 * @param bySubject metrics per subject (absent subjects omitted)
 * @param byLevel metrics per level ("1" … "5"; absent levels omitted)
 * @param goldUnreadable ids of items whose gold the value grader cannot read (excluded, reported)
 */
public record EvalReport(
        String dataset,
        String solver,
        String grader,
        int k,
        Metrics overall,
        Map<String, Metrics> bySubject,
        Map<String, Metrics> byLevel,
        List<String> goldUnreadable) {

    /** A Markdown rendering: one table overall, by subject and by level. */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Evaluation: ").append(dataset).append(" with ").append(solver).append("\n\n");
        md.append("Grader: `")
                .append(grader)
                .append("`; k = ")
                .append(k)
                .append(" samples per item.\n\n");
        md.append("| group | items | pass@1 | maj@")
                .append(k)
                .append(" | pass@")
                .append(k)
                .append(" |\n");
        md.append("| --- | ---: | ---: | ---: | ---: |\n");
        row(md, "all", overall);
        bySubject.forEach((s, m) -> row(md, s, m));
        byLevel.forEach((l, m) -> row(md, "level " + l, m));
        md.append("\npass@1 by grader (items where the grader applies):\n\n");
        overall.pass1ByGrader().forEach((g, v) -> md.append(String.format("- `%s`: %.4f%n", g, v)));
        if (!goldUnreadable.isEmpty()) {
            md.append("\nItems with an unreadable gold (excluded): ")
                    .append(String.join(", ", goldUnreadable))
                    .append('\n');
        }
        return md.toString();
    }

    private void row(StringBuilder md, String name, Metrics m) {
        md.append(
                String.format(
                        "| %s | %d | %.4f | %.4f | %.4f |%n",
                        name,
                        m.items(),
                        m.pass1(),
                        m.majority(),
                        m.passAtK().getOrDefault(k, Double.NaN)));
    }
}
