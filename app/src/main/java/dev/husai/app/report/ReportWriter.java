package dev.husai.app.report;

import dev.husai.core.stability.Summary;
import dev.husai.core.config.HookPoint;
import dev.husai.core.sweep.CurvePoint;
import dev.husai.core.sweep.GroupResult;
import dev.husai.core.sweep.Measure;
import dev.husai.core.sweep.Recommendations;
import dev.husai.core.sweep.SweepFindings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Builds the report of a sweep's results into a directory: report.html, report.md, figures/, tables/. */
public final class ReportWriter {
    private final String title;
    private final List<GroupResult> results;
    /** The measures some group defines (on the user's own activations the Fourier and family ones are NaN). */
    private final List<Measure> measures;
    private final Path out;

    /**
     * @param title   report title (the sweep's name)
     * @param results one result per finished group (G >= 1)
     * @param out     output directory
     */
    public ReportWriter(String title, List<GroupResult> results, Path out) {
        if (results.isEmpty()) {
            throw new IllegalArgumentException("expected at least one finished group (a summary.json), found none");
        }
        this.title = title;
        this.results = results.stream().sorted(Comparator.comparing((GroupResult g) -> g.arch())
                .thenComparingInt(GroupResult::dSae).thenComparingDouble(GroupResult::sparsity)).toList();
        this.out = out;
        this.measures = java.util.Arrays.stream(Measure.values())
                .filter(m -> !SweepFindings.defined(results, m).isEmpty()).toList();
    }

    /** Writes everything; returns the HTML report's path. */
    public Path write() {
        ReportFigures fig = new ReportFigures(out.resolve("figures"));
        Doc doc = new Doc().heading(1, "HUSAI sweep report: " + title);
        intro(doc);
        convergence(doc);
        doc.heading(2, "Recommendations (derived from the data below)").add(new Doc.Bullets(Recommendations.of(results)));
        ranking(doc, fig);
        heatmaps(doc, fig);
        predictors(doc);
        goldilocks(doc);
        families(doc);
        groundTruth(doc, fig);
        knownDictionary(doc);
        temporal(doc, fig);
        method(doc);
        List<String> header = new ArrayList<>(ReportTables.GROUP_HEADER.subList(0, 15));
        header.add("convergence");
        doc.heading(2, "All groups").add(new Doc.Table(header, results.stream().map(g -> {
            List<String> row = new ArrayList<>(ReportTables.groupRows(List.of(g)).get(0).subList(0, 15));
            row.add(g.verdict().label());
            return row;
        }).toList()));
        ReportTables.write(out.resolve("tables"), results);
        return writeDocuments(doc);
    }

    private void intro(Doc doc) {
        GroupResult any = results.get(0);
        int saes = results.stream().mapToInt(GroupResult::seeds).sum();
        String data = any.hook() == null || HookPoint.of(any.hook()).isTestbed()
                ? "the grokked modular-addition testbed" : "the activations " + any.hook();
        doc.text(f("%d groups, %d SAEs (%d seeds each, up to %d training steps) on %s. Stability "
                + "is measured between every pair of seeds of a group, on the raw dictionaries and inside the rank-%d principal "
                + "subspace of the activations, next to random and untrained-initialisation baselines of the same shapes.",
                results.size(), saes, any.seeds(), results.stream().mapToInt(GroupResult::steps).max().orElse(0), data,
                any.spanRank()));
    }

    /** How many groups converged, which stopped early, and which did not converge (named). */
    private void convergence(Doc doc) {
        List<GroupResult> open = results.stream().filter(g -> !g.converged()).toList();
        long early = results.stream().filter(g -> g.verdict().stoppedEarly()).count();
        doc.heading(2, "Convergence");
        doc.text(f("%d of %d groups converged: their stability curves (raw and in-span PW-MCC and shared fraction) moved "
                + "by at most %.3f per 1,000 steps over the last quarter of their snapshots (docs/metrics.md, "
                + "\"Convergence\"); %d of them stopped before their step cap on that rule.", results.size() - open.size(),
                results.size(), results.get(0).verdict().maxSlopePer1k(), early));
        if (!open.isEmpty()) {
            doc.text((open.size() == results.size() ? "No group converged: every figure below is of unconverged SAEs and "
                    + "may still move with more training; the ranking uses them all." : "Not converged, labelled so "
                    + "wherever they appear and left out of the ranking: ")
                    + String.join(", ", open.stream().limit(40).map(g -> g.group() + " " + g.verdict().label())
                    .toList()) + (open.size() > 40 ? ", ..." : "") + ".");
        }
    }

    /** A group's name, with "(not converged)" when its curve had not converged. */
    private static String named(GroupResult g) {
        return g.converged() ? g.group() : g.group() + " (not converged)";
    }

    /** Recovery of a known dictionary against cross-seed stability (synthetic data only). */
    private void knownDictionary(Doc doc) {
        List<GroupResult> withTruth = results.stream().filter(g -> g.truth() != null).toList();
        if (withTruth.isEmpty()) {
            return;
        }
        doc.heading(2, "Ground truth: recovery of the known dictionary vs stability");
        List<List<String>> rows = new ArrayList<>();
        for (GroupResult g : withTruth) {
            rows.add(List.of(named(g), f("%.3f", g.truth().mccVsTruth()), f("%.3f", g.truth().baselineMcc()),
                    f("%.3f", g.truth().recoveredFraction()), f("%.3f", g.raw().pwMcc().mean()), f("%.3f", g.raw().shared().mean())));
        }
        doc.add(new Doc.Table(List.of("group", "MCC vs truth", "random baseline", "atoms recovered at tau", "raw PW-MCC",
                "raw shared"), rows));
        double[] truth = withTruth.stream().mapToDouble(g -> g.truth().mccVsTruth()).toArray();
        double[] pw = withTruth.stream().mapToDouble(g -> g.raw().pwMcc().mean()).toArray();
        doc.text(f("Spearman rho between cross-seed PW-MCC and MCC vs truth over these %d groups: %+.3f (Song et al. 2025 "
                + "report that PW-MCC tracks recovery of the true features).", withTruth.size(),
                dev.husai.core.sweep.Correlation.spearman(pw, truth)));
    }

    private void ranking(Doc doc, ReportFigures fig) {
        doc.heading(2, "Architecture ranking");
        List<List<String>> rows = new ArrayList<>();
        for (Measure m : measures) {
            for (SweepFindings.ArchRank r : SweepFindings.ranking(SweepFindings.rankable(results), m)) {
                Summary s = r.pooled();
                rows.add(List.of(m.label(), r.arch().wireName(), f("%+.4f", s.mean()), f("[%+.4f, %+.4f]", s.ci95Low(), s.ci95High()),
                        Integer.toString(s.n()), Integer.toString(r.groups())));
            }
            fig.ranking(SweepFindings.rankable(results), m);
        }
        doc.add(new Doc.Table(List.of("measure", "architecture", "mean", "95% CI", "seed pairs", "groups"), rows));
        doc.text("Intervals are Student-t over the pooled seed pairs; pairs share seeds, so they are optimistic.");
        images(doc, fig, "ranking-");
    }

    private void heatmaps(Doc doc, ReportFigures fig) {
        doc.heading(2, "Stability across the grid");
        for (Measure m : measures) {
            fig.heatmaps(results, m);
        }
        images(doc, fig, "heatmap-");
    }

    private void predictors(Doc doc) {
        doc.heading(2, "What predicts stability");
        List<List<String>> rows = new ArrayList<>();
        for (Measure m : measures) {
            for (SweepFindings.Predictor p : SweepFindings.predictors(results, m)) {
                rows.add(List.of(m.label(), p.factor(), p.statistic(), Double.isNaN(p.effect()) ? "n/a" : f("%+.3f", p.effect())));
            }
        }
        doc.add(new Doc.Table(List.of("measure", "factor", "statistic", "effect"), rows));
        doc.text("eta^2: share of the variance across groups explained by the factor; Spearman rho: rank correlation "
                + "across groups (|rho| >= 0.33 is significant at 5% for 36 groups).");
    }

    private void goldilocks(Doc doc) {
        doc.heading(2, "Goldilocks zone (shared fraction > 60%)");
        for (Measure m : List.of(Measure.RAW_SHARED)) {
            List<GroupResult> zone = SweepFindings.goldilocks(results, m);
            doc.text(zone.isEmpty() ? "No configuration: the best raw shared fraction is "
                    + f("%.3f", results.stream().mapToDouble(m::of).max().orElse(0)) + "."
                    : zone.size() + " configuration(s): " + String.join(", ", zone.stream().map(ReportWriter::named).toList()));
        }
        List<GroupResult> span = results.stream().filter(g -> g.span().shared().mean() > SweepFindings.GOLDILOCKS_SHARED
                && g.span().excessShared() > 0.05).toList();
        doc.text(f("Inside the data subspace %d configuration(s) share > 60%% of latents AND beat the chance level "
                + "(max of random and untrained-init shared fraction) by > 0.05%s", span.size(),
                span.isEmpty() ? "." : ": " + String.join(", ", span.stream().map(ReportWriter::named).toList())));
    }

    private void families(Doc doc) {
        if (results.stream().noneMatch(g -> Double.isFinite(g.families().overlap()))) {
            return;
        }
        doc.heading(2, "Feature families: same subspace, different latents?");
        List<List<String>> rows = new ArrayList<>();
        for (GroupResult g : results) {
            rows.add(List.of(named(g), f("%.1f", g.families().latents()), f("%.3f", g.families().overlap()),
                    f("%.3f", g.families().baseline()), f("%+.3f", g.raw().excessPwMcc())));
        }
        doc.text("For each key frequency, the latents tuned to it (purity >= 0.5) form its family in each seed; the "
                + "overlap is the mean squared cosine of the principal angles between two seeds' 2-D family subspaces "
                + "(decoder rows), averaged over seed pairs and frequencies recovered with >= 2 latents by both seeds. "
                + f("Chance: 2/D = %.3f for random 2-D subspaces of the model space, 2/r = %.3f inside the rank-%d data "
                + "subspace (the stricter reference).", results.get(0).families().baseline(), 2.0 / results.get(0).spanRank(),
                results.get(0).spanRank()));
        doc.add(new Doc.Table(List.of("group", "family latents / seed", "family overlap", "random 2-D", "raw PW-MCC excess"),
                rows));
    }

    private void groundTruth(Doc doc, ReportFigures fig) {
        if (results.stream().noneMatch(g -> Double.isFinite(g.fourierRecovered()))) {
            return;
        }
        doc.heading(2, "Ground truth: Fourier recovery vs stability");
        List<List<String>> rows = new ArrayList<>();
        for (Measure m : measures) {
            rows.add(List.of(m.label(), f("%+.3f", SweepFindings.recoveryCorrelation(results, m))));
            fig.recoveryScatter(results, m);
        }
        doc.add(new Doc.Table(List.of("stability measure", "Spearman rho with Fourier recovery"), rows));
        images(doc, fig, "recovery-vs-");
    }

    private void temporal(Doc doc, ReportFigures fig) {
        doc.heading(2, "When is stability decided");
        fig.curves(results, "raw PW-MCC excess", (g, p) -> p.pwMcc() - g.raw().baselinePwMcc());
        fig.curves(results, "in-span shared fraction", (g, p) -> p.spanShared());
        doc.text(f("Median over groups of the step after which the curve stays within max(0.01, 10%% of its total change) "
                + "of its final value, as a fraction of training: raw PW-MCC %.0f%%, in-span PW-MCC %.0f%%, in-span shared "
                + "fraction %.0f%%.", 100 * SweepFindings.medianDecidedFraction(results, CurvePoint::pwMcc),
                100 * SweepFindings.medianDecidedFraction(results, CurvePoint::spanPwMcc),
                100 * SweepFindings.medianDecidedFraction(results, CurvePoint::spanShared)));
        images(doc, fig, "curve-");
    }

    /** The tau(s) the summaries were computed at: {@code 0.6}, {@code 0.6, 0.7}, or {@code not recorded}. */
    static String taus(List<GroupResult> results) {
        List<String> taus = results.stream().map(GroupResult::tau).filter(java.util.Objects::nonNull).distinct().sorted()
                .map(t -> String.format(java.util.Locale.ROOT, "%.2f", t)).toList();
        String known = taus.isEmpty() ? "not recorded" : String.join(", ", taus);
        return results.stream().anyMatch(r -> r.tau() == null) && !taus.isEmpty() ? known + " (some groups: not recorded)"
                : known;
    }

    private void method(Doc doc) {
        doc.heading(2, "Method");
        doc.add(new Doc.Bullets(List.of(
                "PW-MCC: mean decoder cosine under the exact one-to-one matching (Jonker-Volgenant) of two seeds' "
                        + "row-normalised dictionaries (Song et al. 2025, arXiv 2505.20254).",
                "Shared fraction: share of matched latents whose decoder AND encoder cosines are >= tau = " + taus(results)
                        + " (Paulo & Belrose 2025).",
                "Baselines: the same metric on two random unit dictionaries, and on two untrained tied initialisations "
                        + "(encoder = decoder transpose); excess = observed minus baseline (shared: minus the larger of the two).",
                "In-span: decoder and encoder rows projected on the principal subspace holding 99% of the activations' "
                        + "variance before matching; the baselines are then taken in that dimension.",
                "Fourier recovery: share of (seed, key frequency) pairs with a latent whose activation over all p^2 inputs "
                        + "has >= 50% of its 2-D Fourier power in that frequency (Nanda et al. 2023 key frequencies).",
                "Definitions in docs/metrics.md; per-group figures in tables/groups.csv.")));
    }

    private static void images(Doc doc, ReportFigures fig, String prefix) {
        fig.all().stream().filter(x -> x.name().startsWith(prefix)).forEach(x -> doc.add(new Doc.Image(x)));
    }

    private Path writeDocuments(Doc doc) {
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve("report.md"), doc.markdown());
            Path html = out.resolve("report.html");
            Files.writeString(html, doc.html("HUSAI sweep report: " + title));
            return html;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report into " + out, e);
        }
    }

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
