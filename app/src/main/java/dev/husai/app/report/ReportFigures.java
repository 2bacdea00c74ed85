package dev.husai.app.report;

import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.sweep.CurvePoint;
import dev.husai.core.sweep.GroupResult;
import dev.husai.core.sweep.Measure;
import dev.husai.core.sweep.SweepFindings;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts (library: XChart, PNG via Java2D and SVG via VectorGraphics2D), written to a directory. */
final class ReportFigures {
    private static final Color[] DIVERGING = {new Color(0x2166ac), new Color(0xf7f7f7), new Color(0xb2182b)};
    private final Path dir;
    private final List<Figure> figures = new ArrayList<>();

    ReportFigures(Path dir) {
        this.dir = dir;
    }

    List<Figure> all() {
        return List.copyOf(figures);
    }

    /** One heatmap per architecture of one data set ({@code tag}): width d_sae (rows) x sparsity (columns), cell = the measure. */
    void heatmaps(String tag, List<GroupResult> results, Measure measure) {
        List<GroupResult> defined = SweepFindings.defined(results, measure);
        double lim = Math.max(0.01, Math.ceil(100 * defined.stream().mapToDouble(g -> Math.abs(measure.of(g))).max().orElse(1)) / 100);
        for (Arch arch : Arch.values()) {
            List<GroupResult> of = defined.stream().filter(g -> g.arch() == arch).toList();
            if (of.isEmpty()) {
                continue;
            }
            List<Double> xs = of.stream().map(GroupResult::sparsity).distinct().sorted().toList();
            List<Integer> ys = of.stream().map(GroupResult::dSae).distinct().sorted().toList();
            List<Number[]> cells = new ArrayList<>();
            for (GroupResult g : of) {
                cells.add(new Number[] {xs.indexOf(g.sparsity()), ys.indexOf(g.dSae()), measure.of(g)});
            }
            HeatMapChart c = new HeatMapChartBuilder().width(460).height(340)
                    .title(tag + " " + arch.wireName() + ": " + measure.label()).xAxisTitle(of.get(0).sparsityName())
                    .yAxisTitle("d_sae").build();
            c.getStyler().setShowValue(true).setHeatMapValueDecimalPattern("0.000").setRangeColors(DIVERGING)
                    .setMin(-lim).setMax(lim);
            c.addSeries(measure.name(), xs.stream().map(ReportFigures::label).toList(), ys, cells);
            save(c, "heatmap-" + file(tag) + "-" + measure.name().toLowerCase(Locale.ROOT) + "-" + arch.wireName(),
                    tag + ": " + measure.label() + " of " + arch.wireName() + " across d_sae x " + of.get(0).sparsityName()
                            + " (blue below 0, red above)");
        }
    }

    /** Pooled measure per architecture of one data set ({@code tag}) with 95% CIs over seed pairs. */
    void ranking(String tag, List<GroupResult> results, Measure measure) {
        List<SweepFindings.ArchRank> ranks = SweepFindings.ranking(results, measure);
        if (ranks.isEmpty()) {
            return;
        }
        CategoryChart c = new CategoryChartBuilder().width(460).height(320).title(tag + " ranking: " + measure.label())
                .yAxisTitle(measure.label()).build();
        c.getStyler().setLegendVisible(false);
        c.addSeries("mean", ranks.stream().map(r -> r.arch().wireName()).toList(),
                ranks.stream().map(r -> r.pooled().mean()).toList(),
                ranks.stream().map(r -> (r.pooled().ci95High() - r.pooled().ci95Low()) / 2).toList());
        save(c, "ranking-" + file(tag) + "-" + measure.name().toLowerCase(Locale.ROOT),
                tag + ": architectures ranked by " + measure.label() + ", error bars = 95% CI over all seed pairs");
    }

    /** Stability over training on one data set ({@code tag}), one chart per architecture, one line per group. */
    void curves(String tag, List<GroupResult> results, String metricName,
                java.util.function.ToDoubleBiFunction<GroupResult, CurvePoint> metric) {
        for (Arch arch : Arch.values()) {
            List<GroupResult> of = results.stream().filter(g -> g.arch() == arch && !g.curve().isEmpty()).toList();
            if (of.isEmpty()) {
                continue;
            }
            XYChart c = new XYChartBuilder().width(460).height(340).title(tag + " " + arch.wireName() + ": " + metricName)
                    .xAxisTitle("step").yAxisTitle(metricName).build();
            c.getStyler().setMarkerSize(3);
            c.getStyler().setLegendFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 9));
            for (GroupResult g : of) {
                XYSeries s = c.addSeries(unique(c, "d_sae " + g.dSae() + " " + g.sparsityName() + "=" + label(g.sparsity())),
                        g.curve().stream().map(CurvePoint::step).toList(),
                        g.curve().stream().map(p -> metric.applyAsDouble(g, p)).toList());
                s.setMarker(SeriesMarkers.CIRCLE);
            }
            save(c, "curve-" + file(tag) + "-" + file(metricName) + "-" + arch.wireName(),
                    tag + ": " + metricName + " of every " + arch.wireName() + " group at each snapshot step (mean over seed pairs)");
        }
    }

    /**
     * A measure against width (log x axis) on one data set: one line per architecture x sparsity (x lr x steps where
     * those vary), and the mean random and untrained-init baselines at each width as dashed / dotted lines.
     */
    void widthLines(String name, String caption, String title, String yLabel, List<GroupResult> groups,
                    ToDoubleFunction<GroupResult> y, ToDoubleFunction<GroupResult> random, ToDoubleFunction<GroupResult> init) {
        XYChart c = new XYChartBuilder().width(620).height(360).title(title).xAxisTitle("d_sae (log)").yAxisTitle(yLabel).build();
        c.getStyler().setXAxisLogarithmic(true).setMarkerSize(4)
                .setLegendFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 9));
        boolean lrs = groups.stream().map(GroupResult::lr).distinct().count() > 1;
        boolean steps = groups.stream().map(GroupResult::steps).distinct().count() > 1;
        Map<String, List<GroupResult>> lines = new TreeMap<>();
        for (GroupResult g : groups) {
            lines.computeIfAbsent(g.arch().wireName() + " " + g.sparsityName() + "=" + label(g.sparsity())
                    + (lrs ? " lr=" + label(g.lr()) : "") + (steps ? " s" + g.steps() : ""), k -> new ArrayList<>()).add(g);
        }
        lines.forEach((key, of) -> line(c, key, of, y, SeriesLines.SOLID, SeriesMarkers.CIRCLE));
        line(c, "random", groups, random, SeriesLines.DASH_DASH, SeriesMarkers.NONE);
        line(c, "untrained init", groups, init, SeriesLines.DOT_DOT, SeriesMarkers.NONE);
        if (!c.getSeriesMap().isEmpty()) {
            save(c, name, caption);
        }
    }

    /** The mean of {@code y} at each width over {@code groups} as one series (finite values only). */
    private static void line(XYChart c, String name, List<GroupResult> groups, ToDoubleFunction<GroupResult> y,
                             java.awt.BasicStroke stroke, org.knowm.xchart.style.markers.Marker marker) {
        TreeMap<Integer, double[]> at = new TreeMap<>();
        for (GroupResult g : groups) {
            double v = y.applyAsDouble(g);
            if (Double.isFinite(v)) {
                double[] sum = at.computeIfAbsent(g.dSae(), k -> new double[2]);
                sum[0] += v;
                sum[1]++;
            }
        }
        if (!at.isEmpty()) {
            XYSeries s = c.addSeries(unique(c, name), new ArrayList<>(at.keySet()),
                    at.values().stream().map(v -> v[0] / v[1]).toList());
            s.setLineStyle(stroke);
            s.setMarker(marker);
            if (marker == SeriesMarkers.NONE) {
                s.setLineColor(Color.GRAY);
            }
        }
    }

    /** One point per group, one series per architecture (groups where x or y is not finite left out). */
    void scatter(String name, String caption, String title, String xLabel, String yLabel, List<GroupResult> groups,
                 ToDoubleFunction<GroupResult> x, ToDoubleFunction<GroupResult> y) {
        XYChart c = new XYChartBuilder().width(460).height(340).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        for (Arch arch : Arch.values()) {
            List<GroupResult> of = groups.stream().filter(g -> g.arch() == arch
                    && Double.isFinite(x.applyAsDouble(g)) && Double.isFinite(y.applyAsDouble(g))).toList();
            if (!of.isEmpty()) {
                c.addSeries(arch.wireName(), of.stream().map(x::applyAsDouble).toList(), of.stream().map(y::applyAsDouble).toList());
            }
        }
        if (!c.getSeriesMap().isEmpty()) {
            save(c, name, caption);
        }
    }

    /** Bars with error bars: {@code means[i] +- halfWidths[i]} for {@code labels[i]}. */
    void bars(String name, String caption, String title, String yLabel, List<String> labels, List<Double> means,
              List<Double> halfWidths) {
        if (labels.isEmpty()) {
            return;
        }
        CategoryChart c = new CategoryChartBuilder().width(460).height(320).title(title).yAxisTitle(yLabel).build();
        c.getStyler().setLegendVisible(false);
        c.getStyler().setXAxisLabelRotation(20);
        c.addSeries("mean", labels, means, halfWidths);
        save(c, name, caption);
    }

    private static String unique(XYChart c, String name) {
        String n = name;
        for (int i = 2; c.getSeriesMap().containsKey(n); i++) {
            n = name + " #" + i;
        }
        return n;
    }

    /** A file-name-safe form of a tag: lower case, runs of other characters as one {@code -}. */
    static String file(String tag) {
        return tag.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    static String label(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private void save(Chart<?, ?> chart, String name, String caption) {
        try {
            Files.createDirectories(dir);
            byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            Files.write(dir.resolve(name + ".png"), png);
            VectorGraphicsEncoder.saveVectorGraphic(chart, dir.resolve(name).toString(),
                    VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            figures.add(new Figure(name, caption, png));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write figure " + dir.resolve(name), e);
        }
    }

    /**
     * A scatter chart, one series per entry of {@code series} (each point {@code {x, y}}), with the line y = x when
     * {@code diagonal} (for predicted-vs-actual charts).
     */
    void scatter(String name, String title, String xTitle, String yTitle, java.util.Map<String, List<double[]>> series,
                 boolean diagonal, String caption) {
        XYChart c = new XYChartBuilder().width(460).height(340).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        c.getStyler().setMarkerSize(5);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (var e : series.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            XYSeries s = c.addSeries(e.getKey(), e.getValue().stream().map(p -> p[0]).toList(),
                    e.getValue().stream().map(p -> p[1]).toList());
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            for (double[] p : e.getValue()) {
                lo = Math.min(lo, Math.min(p[0], p[1]));
                hi = Math.max(hi, Math.max(p[0], p[1]));
            }
        }
        if (diagonal && lo < hi) {
            XYSeries d = c.addSeries("y = x", List.of(lo, hi), List.of(lo, hi));
            d.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            d.setMarker(SeriesMarkers.NONE);
            d.setLineColor(Color.GRAY);
        }
        save(c, name, caption);
    }
}
