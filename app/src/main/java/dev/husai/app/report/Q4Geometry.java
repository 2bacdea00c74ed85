package dev.husai.app.report;

import static dev.husai.app.report.Study.ci;
import static dev.husai.app.report.Study.f;

import dev.husai.app.analyze.GroupAnalysis;
import dev.husai.core.stability.Summary;
import dev.husai.core.sweep.GeometryFigures;
import dev.husai.core.sweep.GroupResult;
import dev.husai.core.sweep.StudyStats;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Question 4, the geometry of stable vs unstable latents: for each {@link GeometryFigures} measure, the paired
 * difference {@code shared - orphan} across groups (a group counts when both classes are non-empty, i.e. both figures
 * are finite) with a Student-t 95% interval over groups; resolved when it excludes 0.
 */
final class Q4Geometry {
    /** One measure of a class pair: its short name, its label, the shared latents' figure and the orphans'. */
    record Pair(String name, String label, ToDoubleFunction<GeometryFigures> shared,
                ToDoubleFunction<GeometryFigures> orphan) {
    }

    static final List<Pair> PAIRS = List.of(
            new Pair("interference", "interference (max |cos| to another latent)", GeometryFigures::sharedInterference,
                    GeometryFigures::orphanInterference),
            new Pair("effective dimension", "effective dimension (participation ratio)", GeometryFigures::sharedEffDim, GeometryFigures::orphanEffDim),
            new Pair("clustered", "clustered (share in a direction cluster)", GeometryFigures::sharedClustered,
                    GeometryFigures::orphanClustered),
            new Pair("in family", "in a Fourier family (testbed)", GeometryFigures::sharedInFamily, GeometryFigures::orphanInFamily));

    private Q4Geometry() {
    }

    static void write(Study s, Doc doc, ReportFigures fig) {
        doc.heading(2, "Q4. How do stable latents differ from unstable ones? Geometry");
        List<GroupResult> with = s.results().stream().filter(g -> g.geometry() != null).toList();
        if (with.isEmpty()) {
            doc.text("No summary records the geometry of shared vs orphan latents (they were written before it was): "
                    + "summarise the groups again to fill this section.");
            return;
        }
        doc.text(answer(with, s.results().size()));
        table(s, doc, fig, with);
        ReportWriter.images(doc, fig, "geometry-");
        doc.text(f("Shared: a latent matched at tau in at least one other seed; orphan: in none. Interference is within one "
                + "SAE; clusters join decoder rows at cos >= %.1f; groups where every latent is shared (or none is) have "
                + "an empty class and are skipped for that measure. The participation ratio grows with the number of latents in a "
                + "class, so where shared latents outnumber orphans their larger effective dimension is partly a count.",
                GroupAnalysis.CLUSTER_COSINE));
    }

    /** The differences over all groups and per data set, and their bar chart (all groups). */
    private static void table(Study s, Doc doc, ReportFigures fig, List<GroupResult> with) {
        List<List<String>> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Double> means = new ArrayList<>();
        List<Double> halves = new ArrayList<>();
        for (String data : datasets(s, with)) {
            List<GroupResult> on = data.equals("all") ? with : with.stream().filter(g -> s.data(g).equals(data)).toList();
            for (Pair p : PAIRS) {
                Summary d = difference(on, p);
                if (d == null) {
                    continue;
                }
                rows.add(List.of(data, p.label(), Integer.toString(d.n()), mean(on, p, true), mean(on, p, false), ci(d),
                        StudyStats.excludesZero(d) ? "yes" : "no"));
                if (data.equals("all") && d.n() >= 2 && !p.name().equals("effective dimension")) {
                    labels.add(p.name());
                    means.add(d.mean());
                    halves.add((d.ci95High() - d.ci95Low()) / 2);
                }
            }
        }
        s.table(doc, "q4_geometry", List.of("data", "measure", "groups", "shared (mean)", "orphan (mean)",
                "shared - orphan [95% CI]", "resolved"), rows);
        fig.bars("geometry-differences", "shared minus orphan latents over all groups with both classes (the share measures; effective "
                + "dimension in the table), 95% CI over groups",
                "shared - orphan", "difference", labels, means, halves);
    }

    /** The one-sentence answer over all groups with geometry. */
    static String answer(List<GroupResult> with, int total) {
        List<String> parts = new ArrayList<>();
        for (Pair p : PAIRS) {
            Summary d = difference(with, p);
            if (d != null) {
                parts.add(f("%s %s %s (n %d, %s)", p.name(),
                        d.mean() >= 0 ? "higher," : "lower,", ci(d), d.n(),
                        StudyStats.excludesZero(d) ? "resolved" : "not resolved"));
            }
        }
        return f("Over the %d of %d groups with geometry, shared latents compared with orphans have: %s (paired "
                + "difference shared - orphan, mean [95%% CI] over groups).", with.size(), total,
                parts.isEmpty() ? "no group with both classes" : String.join("; ", parts));
    }

    static Summary difference(List<GroupResult> groups, Pair p) {
        return StudyStats.pairedDifference(groups.stream().mapToDouble(g -> p.shared().applyAsDouble(g.geometry())).toArray(),
                groups.stream().mapToDouble(g -> p.orphan().applyAsDouble(g.geometry())).toArray());
    }

    private static String mean(List<GroupResult> groups, Pair p, boolean shared) {
        return f("%.3f", groups.stream().filter(g -> Double.isFinite(p.shared().applyAsDouble(g.geometry()))
                && Double.isFinite(p.orphan().applyAsDouble(g.geometry())))
                .mapToDouble(g -> (shared ? p.shared() : p.orphan()).applyAsDouble(g.geometry())).average().orElse(Double.NaN));
    }

    private static List<String> datasets(Study s, List<GroupResult> with) {
        List<String> out = new ArrayList<>(List.of("all"));
        with.stream().map(s::data).distinct().forEach(out::add);
        return out.size() == 2 ? List.of("all") : out;
    }
}
