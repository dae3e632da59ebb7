package dev.agent0.examples.tinyworld;

import dev.agent0.examples.tinyworld.report.RunReport;
import java.nio.file.Path;

/**
 * Where a tiny-world run's report goes: {@code <run folder>/report/report.md} with its PNG plots
 * beside it, written by {@link RunReport} from the run's logs.
 */
public final class TinyWorldReport {
    /** The report's folder inside a run folder. */
    public static final String FOLDER = "report";

    private TinyWorldReport() {}

    /**
     * Writes the report of the run in {@code runDir}.
     *
     * @return the path of {@code report.md}
     */
    public static Path write(Path runDir) {
        return RunReport.write(runDir, runDir.resolve(FOLDER)).get(0);
    }
}
