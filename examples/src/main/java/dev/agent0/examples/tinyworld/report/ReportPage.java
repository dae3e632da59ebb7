package dev.agent0.examples.tinyworld.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The report being written: its Markdown text, the folder it goes to and the plot files written so
 * far.
 *
 * <p>Separate from {@link RunReport} so that the section classes ({@link EvalSections}, {@link
 * CurationSections}, {@link MetricsSections}) append to one page without knowing where it goes.
 */
final class ReportPage {
    private final Path out;
    private final List<Path> written = new ArrayList<>();
    private final StringBuilder md = new StringBuilder();

    ReportPage(Path out) {
        this.out = out;
    }

    /** The Markdown text so far; sections append to it directly. */
    StringBuilder md() {
        return md;
    }

    /** The plot files written so far, in order; {@link RunReport} puts report.md first. */
    List<Path> written() {
        return written;
    }

    void section(String title) {
        md.append("\n## ").append(title).append("\n\n");
    }

    /** Draws one chart into {@code name} and links it, or notes that there was nothing to draw. */
    void chart(String name, String alt, Function<Path, Boolean> draw) {
        Path file = out.resolve(name);
        if (draw.apply(file)) {
            written.add(file);
            md.append("![").append(alt).append("](").append(name).append(")\n\n");
        } else {
            md.append("(").append(alt).append(": no numbers to plot.)\n\n");
        }
    }
}
