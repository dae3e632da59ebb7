package dev.agent0.examples.tinyworld.report;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/**
 * PNG charts drawn with XChart, headless: line charts over iterations and bar charts, every one
 * {@link #WIDTH} × {@link #HEIGHT} pixels.
 *
 * <p>Categories (iterations, histogram bins) are the x axis, so integer iterations never get
 * fractional ticks. A NaN value is a gap; a series with no number at all is left out, and a chart
 * with no series is not drawn.
 */
final class Charts {
    static final int WIDTH = 800;
    static final int HEIGHT = 480;

    static {
        // Charts are drawn off-screen on machines with no display: never touch a window system.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts() {}

    /**
     * Lines, one per series, over the categories {@code x}.
     *
     * @param yRange {min, max} of the y axis, or null to fit the data
     * @return true when drawn, false when no series has a number
     */
    static boolean lines(
            Path file,
            String title,
            String yTitle,
            List<String> x,
            Map<String, List<Double>> series,
            double[] yRange) {
        CategoryChart chart = chart(title, "iteration", yTitle);
        // Overlapped: every series' point sits on its category, not shifted like grouped bars.
        chart.getStyler()
                .setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Line)
                .setOverlapped(true);
        if (yRange != null) {
            chart.getStyler().setYAxisMin(yRange[0]).setYAxisMax(yRange[1]);
        }
        return draw(file, chart, x, series);
    }

    /**
     * Bars, one group per category, one bar per series; stacked when {@code stacked}.
     *
     * @return true when drawn, false when no series has a number
     */
    static boolean bars(
            Path file,
            String title,
            String xTitle,
            String yTitle,
            List<String> x,
            Map<String, List<Double>> series,
            boolean stacked) {
        CategoryChart chart = chart(title, xTitle, yTitle);
        chart.getStyler().setStacked(stacked).setOverlapped(false);
        return draw(file, chart, x, series);
    }

    private static CategoryChart chart(String title, String xTitle, String yTitle) {
        CategoryChart chart =
                new CategoryChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title(title)
                        .xAxisTitle(xTitle)
                        .yAxisTitle(yTitle)
                        .build();
        CategoryStyler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideE).setChartBackgroundColor(Color.WHITE);
        s.setYAxisDecimalPattern("0.###");
        return chart;
    }

    private static boolean draw(
            Path file, CategoryChart chart, List<String> x, Map<String, List<Double>> series) {
        Map<String, List<Double>> drawn = new LinkedHashMap<>();
        series.forEach(
                (name, ys) -> {
                    if (ys.size() != x.size()) {
                        throw new IllegalArgumentException(
                                "series '"
                                        + name
                                        + "' has "
                                        + ys.size()
                                        + " values for "
                                        + x.size()
                                        + " categories");
                    }
                    List<Double> gaps = new ArrayList<>();
                    ys.forEach(v -> gaps.add(v == null || Double.isNaN(v) ? null : v));
                    if (gaps.stream().anyMatch(Objects::nonNull)) {
                        drawn.put(name, gaps);
                    }
                });
        if (drawn.isEmpty() || x.isEmpty()) {
            return false;
        }
        drawn.forEach((name, ys) -> chart.addSeries(name, x, ys));
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return true;
    }
}
