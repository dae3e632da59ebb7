package dev.agent0.examples.tinyworld.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A GitHub-flavoured Markdown table built row by row; the first column is left-aligned, the rest
 * right.
 */
final class MarkdownTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    MarkdownTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    MarkdownTable row(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException(
                    "row has " + cells.size() + " cells, header " + header.size());
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        line(sb, header);
        sb.append("|:---");
        sb.append("|---:".repeat(header.size() - 1)).append("|\n");
        rows.forEach(r -> line(sb, r));
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells) {
        sb.append('|');
        cells.forEach(c -> sb.append(' ').append(c.replace("|", "\\|")).append(" |"));
        sb.append('\n');
    }

    /** A fraction or mean with 3 decimals; "–" for NaN. */
    static String num(double v) {
        return Double.isNaN(v) ? "–" : String.format(java.util.Locale.ROOT, "%.3f", v);
    }

    /** Seconds with 1 decimal. */
    static String seconds(double v) {
        return Double.isNaN(v) ? "–" : String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
