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

    /** One heatmap per architecture: width d_sae (rows) x sparsity (columns), cell = the measure. */
    void heatmaps(List<GroupResult> results, Measure measure) {
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
                    .title(arch.wireName() + ": " + measure.label()).xAxisTitle(of.get(0).sparsityName())
                    .yAxisTitle("d_sae").build();
            c.getStyler().setShowValue(true).setHeatMapValueDecimalPattern("0.000").setRangeColors(DIVERGING)
                    .setMin(-lim).setMax(lim);
            c.addSeries(measure.name(), xs.stream().map(ReportFigures::label).toList(), ys, cells);
            save(c, "heatmap-" + measure.name().toLowerCase(Locale.ROOT) + "-" + arch.wireName(),
                    measure.label() + " of " + arch.wireName() + " across d_sae x " + of.get(0).sparsityName()
                            + " (blue below 0, red above)");
        }
    }

    /** Pooled measure per architecture with 95% CIs over seed pairs. */
    void ranking(List<GroupResult> results, Measure measure) {
        List<SweepFindings.ArchRank> ranks = SweepFindings.ranking(results, measure);
        CategoryChart c = new CategoryChartBuilder().width(460).height(320).title("ranking: " + measure.label())
                .yAxisTitle(measure.label()).build();
        c.getStyler().setLegendVisible(false);
        c.addSeries("mean", ranks.stream().map(r -> r.arch().wireName()).toList(),
                ranks.stream().map(r -> r.pooled().mean()).toList(),
                ranks.stream().map(r -> (r.pooled().ci95High() - r.pooled().ci95Low()) / 2).toList());
        save(c, "ranking-" + measure.name().toLowerCase(Locale.ROOT),
                "architectures ranked by " + measure.label() + ", error bars = 95% CI over all seed pairs");
    }

    /** Fourier recovery vs a stability measure, one point per group, one series per architecture. */
    void recoveryScatter(List<GroupResult> results, Measure measure) {
        XYChart c = new XYChartBuilder().width(460).height(340).title("ground truth vs stability")
                .xAxisTitle(measure.label()).yAxisTitle("Fourier recovery").build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        for (Arch arch : Arch.values()) {
            List<GroupResult> of = SweepFindings.defined(results, measure).stream().filter(g -> g.arch() == arch).toList();
            if (!of.isEmpty()) {
                c.addSeries(arch.wireName(), of.stream().map(measure::of).toList(),
                        of.stream().map(GroupResult::fourierRecovered).toList());
            }
        }
        save(c, "recovery-vs-" + measure.name().toLowerCase(Locale.ROOT), String.format(Locale.ROOT,
                "Fourier recovery vs %s per group (Spearman rho %+.2f)", measure.label(),
                SweepFindings.recoveryCorrelation(results, measure)));
    }

    /** Stability over training, one chart per architecture, one line per group. */
    void curves(List<GroupResult> results, String metricName, java.util.function.ToDoubleBiFunction<GroupResult, CurvePoint> metric) {
        for (Arch arch : Arch.values()) {
            List<GroupResult> of = results.stream().filter(g -> g.arch() == arch && !g.curve().isEmpty()).toList();
            if (of.isEmpty()) {
                continue;
            }
            XYChart c = new XYChartBuilder().width(460).height(340).title(arch.wireName() + ": " + metricName + " over training")
                    .xAxisTitle("step").yAxisTitle(metricName).build();
            c.getStyler().setMarkerSize(3);
            c.getStyler().setLegendFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 9));
            for (GroupResult g : of) {
                XYSeries s = c.addSeries("d_sae " + g.dSae() + " " + g.sparsityName() + "=" + label(g.sparsity()),
                        g.curve().stream().map(CurvePoint::step).toList(),
                        g.curve().stream().map(p -> metric.applyAsDouble(g, p)).toList());
                s.setMarker(SeriesMarkers.CIRCLE);
            }
            save(c, "curve-" + metricName.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "-") + "-" + arch.wireName(),
                    metricName + " of every " + arch.wireName() + " group at each snapshot step (mean over seed pairs)");
        }
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
