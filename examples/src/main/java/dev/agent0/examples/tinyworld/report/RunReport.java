package dev.agent0.examples.tinyworld.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the report of a tiny-world self-play run: {@code report.md} with the numbers as tables and
 * PNG plots next to them (issue 8).
 *
 * <p>Sections: held-out pass@1 greedy and sampled per level per iteration; tool-call rate,
 * no-answer rate and response length; curriculum difficulty ({@link QuestionShape}) and template
 * diversity; the p̂ histogram of curation; pseudo-label accuracy (logging only); collapse monitors
 * ({@link Monitors}); wall time per phase ({@link PhaseTimes}). A section whose logs are absent
 * says so instead of plotting. The sections are written by {@link EvalSections}, {@link
 * CurationSections} and {@link MetricsSections}, grouped by the log they read.
 *
 * <pre>{@code
 * List<Path> files = RunReport.write(Path.of("runs/tiny"), Path.of("runs/tiny/report"));
 * }</pre>
 */
public final class RunReport {
    public static final String MARKDOWN = "report.md";

    private RunReport() {}

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
        RunLogs logs = RunLogs.read(runDir);
        ReportPage page = new ReportPage(outDir);
        page.md()
                .append("# Tiny-world self-play report\n\nRun folder: `")
                .append(runDir.toAbsolutePath().normalize())
                .append(
                        "`. Iteration 0 is the executor before any training; iteration t is after t"
                                + " co-evolution iterations.\n");
        EvalSections eval = new EvalSections(logs, page);
        eval.heldOut();
        eval.toolUse();
        CurationSections curation = new CurationSections(logs, page);
        curation.curriculum();
        curation.pHat();
        curation.pseudoLabels();
        MetricsSections metrics = new MetricsSections(logs, page);
        metrics.monitors();
        metrics.wallTime();
        Path report = outDir.resolve(MARKDOWN);
        try {
            Files.writeString(report, page.md().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + report + ": " + e.getMessage(), e);
        }
        page.written().add(0, report);
        return List.copyOf(page.written());
    }
}
