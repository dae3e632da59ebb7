package dev.agent0.examples.tinyworld.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report on a small synthetic run folder whose numbers are worked out by hand below. */
class RunReportTest {
    private static final List<String> PNGS =
            List.of(
                    "pass1-greedy.png",
                    "pass1-sampled.png",
                    "tool-rate.png",
                    "curriculum-difficulty.png",
                    "curriculum-levels.png",
                    "template-diversity.png",
                    "phat-histogram.png",
                    "pseudo-label-accuracy.png",
                    "monitors-rates.png",
                    "monitors-other.png",
                    "wall-time.png");

    @TempDir Path run;

    private void write(String file, String... lines) throws IOException {
        Files.writeString(run.resolve(file), String.join("\n", lines) + "\n");
    }

    private static String eval(
            int t,
            double greedy,
            double l1,
            double sampled,
            double greedyTool,
            double sampledTool,
            double seconds) {
        return String.format(
                java.util.Locale.ROOT,
                "{\"greedy\":{\"pass1\":%s,\"toolRate\":%s,\"noAnswerRate\":0.05,"
                    + "\"responseTokensMean\":12.5,\"levels\":{\"L1\":{\"pass1\":%s},\"L6\":{\"pass1\":0.0}}},"
                    + "\"sampled\":{\"pass1\":%s,\"toolRate\":%s,\"noAnswerRate\":0.1,\"responseTokensMean\":20.0,"
                    + "\"levels\":{\"L1\":{\"pass1\":0.9}}},\"problemsPerLevel\":40,\"temperature\":1.0,\"seed\":5,"
                    + "\"iteration\":%d,\"seconds\":%s}",
                greedy,
                greedyTool,
                l1,
                sampled,
                sampledTool,
                t,
                seconds);
    }

    private static String question(int t, String phase, String q, double pHat, int k) {
        return String.format(
                java.util.Locale.ROOT,
                "{\"iteration\":%d,\"phase\":\"%s\",\"step\":0,\"question\":%s,\"pHat\":%s,\"k\":%d}",
                t,
                phase,
                q == null ? "null" : "\"" + q + "\"",
                pHat,
                k);
    }

    private static String curated(int t, String q, String label, double pHat) {
        return String.format(
                java.util.Locale.ROOT,
                "{\"iteration\":%d,\"phase\":\"curation\",\"step\":0,\"index\":0,"
                    + "\"question\":\"%s\",\"curriculumAnswer\":null,\"pseudoLabel\":\"%s\",\"pHat\":%s,\"k\":8,"
                    + "\"verdict\":\"KEPT\"}",
                t,
                q,
                label,
                pHat);
    }

    private void writeRun() throws IOException {
        write(
                "eval.jsonl",
                eval(0, 0.125, 0.8, 0.375, 0.0, 0.3, 4.5),
                eval(1, 0.625, 0.95, 0.55, 0.45, 0.65, 3.0),
                eval(2, 0.875, 1.0, 0.8, 0.9, 0.95, 3.0));
        write(
                "metrics.jsonl",
                "{\"iteration\":1,\"phase\":\"curriculum\",\"step\":0,\"loss\":0.1,\"seconds\":10.0}",
                "{\"iteration\":1,\"phase\":\"curriculum\",\"step\":1,\"loss\":0.2,\"seconds\":12.0}",
                "{\"iteration\":1,\"phase\":\"curation\",\"step\":0,\"problems\":5,\"kept\":2,\"seconds\":5.5}",
                "{\"iteration\":1,\"phase\":\"executor\",\"step\":0,\"loss\":0.3,\"pHat\":[0.5],\"seconds\":7.0}",
                "{\"iteration\":1,\"phase\":\"monitors\",\"step\":0,\"keptFraction\":0.55,\"distinctMajority\":3.25,\"note\":\"text"
                    + " is ignored\",\"seconds\":0.5}",
                "{\"iteration\":2,\"phase\":\"curriculum\",\"step\":0,\"seconds\":9.0}",
                "{\"iteration\":2,\"phase\":\"curation\",\"step\":0,\"seconds\":4.0}",
                "{\"iteration\":2,\"phase\":\"executor\",\"step\":0,\"seconds\":6.0}",
                "{\"iteration\":2,\"phase\":\"monitors\",\"step\":0,\"keptFraction\":0.35,\"distinctMajority\":1.5}",
                "{\"iteration\":2,\"phase\":\"monitors\",\"step\":1,\"keptFraction\":0.45,\"distinctMajority\":2.5}");
        write(
                "questions.jsonl",
                // Iteration 1: levels 3, 6, 1 (mean 3.333), digits 2, 4, 1 (2.333), ops 2, 3, 1
                // (2);
                // templates +*, -*+, + (3 distinct, top share 0.333).
                question(
                        1, "curriculum", "9*9*9*9*9", 0.9, 8), // superseded by curation's questions
                question(1, "curation", "37+58*2", 0.5, 8),
                question(1, "curation", "4821-7730*2291+5512", 0.25, 8),
                question(1, "curation", "1+2", 0.375, 8),
                question(1, "curation", null, 0.0, 0),
                question(1, "curation", "abc", 0.0, 8),
                // Iteration 2: levels 4, 4, 2, 0 (mean 2.5), digits 3, 3, 3, 1 (2.5), ops 2, 2, 1,
                // 0 (1.25);
                // templates --, --, -, "" (3 distinct, top share 0.5).
                question(2, "curation", "123-456-789", 0.75, 8),
                question(2, "curation", "111-222-333", 0.3, 8),
                question(2, "curation", "999-1", 0.625, 8),
                question(2, "curation", "5", 1.0, 8),
                // Iteration 3 has only curriculum-step questions: level 2.
                question(3, "curriculum", "12*34", 0.5, 8));
        write(
                "curated.jsonl",
                curated(1, "37+58*2", "153", 0.5), // right
                curated(1, "1+2", "3", 0.375), // right
                curated(2, "123-456-789", "-1122", 0.75), // right
                curated(2, "111-222-333", "-443", 0.3), // wrong: -444
                curated(2, "999-1", "998", 0.625), // right
                curated(2, "5", "5", 0.5)); // right -> iteration 2: 4/5 = 0.800
    }

    @Test
    void reportHasEveryPlotAsAPngOfTheChartSize() throws IOException {
        writeRun();
        Path out = run.resolve("report");
        List<Path> files = RunReport.write(run, out);
        assertEquals(out.resolve("report.md"), files.get(0));
        assertEquals(PNGS.size() + 1, files.size(), files.toString());
        for (String png : PNGS) {
            Path f = out.resolve(png);
            assertTrue(files.contains(f), png);
            BufferedImage image = ImageIO.read(f.toFile());
            assertNotNull(image, png + " does not decode");
            assertEquals(Charts.WIDTH, image.getWidth(), png);
            assertEquals(Charts.HEIGHT, image.getHeight(), png);
            assertTrue(colours(image) > 5, png + " looks blank");
        }
        assertTrue(GraphicsEnvironment.isHeadless(), "charts must not need a display");
    }

    @Test
    void reportMarkdownHoldsTheNumbersOfTheLogs() throws IOException {
        writeRun();
        List<Path> files = RunReport.write(run, run.resolve("report"));
        String md = Files.readString(files.get(0));
        // Held-out pass@1: greedy, its L1..L6 (L2..L5 absent), then sampled.
        assertTrue(
                md.contains("| 0 | 0.125 | 0.800 | – | – | – | – | 0.000 | 0.375 | 0.900 |"), md);
        assertTrue(md.contains("| 2 | 0.875 | 1.000 |"), md);
        assertTrue(md.contains("40 problems per level"), md);
        // Tool rate, no-answer rate, tokens.
        assertTrue(md.contains("| 1 | 0.450 | 0.650 | 0.050 | 0.100 | 12.5 | 20.0 |"), md);
        // Curriculum: curation questions win over curriculum-step ones; iteration 3 falls back.
        assertTrue(md.contains("| 1 | 5 | 3 | 3.333 | 2.333 | 2.000 | 3 | `+*` | 0.333 |"), md);
        assertTrue(md.contains("| 2 | 4 | 4 | 2.500 | 2.500 | 1.250 | 3 | `--` | 0.500 |"), md);
        assertTrue(md.contains("| 3 | 1 | 1 | 2.000 |"), md);
        // p̂: judged = curation lines with k > 0 (8), curated = 6; 0.3 falls in 0.3-0.4, 1.0 in the
        // last bin.
        assertTrue(md.contains("8 problems judged, 6 kept"), md);
        assertTrue(md.contains("| 0.3-0.4 | 2 | 2 |"), md);
        assertTrue(md.contains("| 0.5-0.6 | 1 | 2 |"), md);
        assertTrue(md.contains("| 0.9-1.0 | 1 | 0 |"), md);
        assertTrue(md.contains("| 0.0-0.1 | 1 | 0 |"), md);
        // Pseudo-label accuracy.
        assertTrue(md.contains("| 1 | 2 | 2 | 2 | 1.000 |"), md);
        assertTrue(md.contains("| 2 | 4 | 4 | 3 | 0.750 |"), md);
        // Monitors: numeric fields only, averaged per iteration (0.35 and 0.45 -> 0.400).
        assertTrue(md.contains("| iteration | keptFraction | distinctMajority |"), md);
        assertTrue(md.contains("| 2 | 0.400 | 2.000 |"), md);
        assertFalse(md.contains("text is ignored"));
        // Wall time: it 1 = 22 + 5.5 + 7 + 0.5 (monitors) + 3 (eval) = 38.0; all = 38 + 22 + 4.5 =
        // 64.5.
        assertTrue(md.contains("| 1 | 22.0 | 5.5 | 7.0 | 0.5 | 3.0 | 38.0 |"), md);
        assertTrue(md.contains("| 0 | 0.0 | 0.0 | 0.0 | 0.0 | 4.5 | 4.5 |"), md);
        assertTrue(md.contains("| all | 31.0 | 9.5 | 13.0 | 0.5 | 10.5 | 64.5 |"), md);
        for (String png : PNGS) {
            assertTrue(md.contains("](" + png + ")"), png + " is linked");
        }
    }

    @Test
    void anEmptyRunFolderGivesAReportWithoutPlots() throws IOException {
        List<Path> files = RunReport.write(run, run.resolve("report"));
        assertEquals(1, files.size());
        String md = Files.readString(files.get(0));
        assertTrue(md.contains("No `eval.jsonl` lines"), md);
        assertTrue(md.contains("No `metrics.jsonl` lines with phase `monitors`"), md);
    }

    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
