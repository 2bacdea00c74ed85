package dev.husai.app.report;

import static dev.husai.app.report.Study.f;

import dev.husai.core.sweep.GroupResult;
import dev.husai.core.sweep.Recommendations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the report of one or more sweeps' results into a directory: report.html, report.md, figures/, tables/.
 * After the overview and the convergence of every group, it answers the study's five questions, each opening with
 * a one-sentence answer computed from the data ({@link Q1Goldilocks} .. {@link Q5Temporal}), then sets the answers
 * beside the literature ({@link Literature}) and states the method.
 */
public final class ReportWriter {
    private final String title;
    private final Study study;
    private final Path out;

    /**
     * @param title   report title (the sweep's name)
     * @param results one result per finished group (G >= 1)
     * @param out     output directory
     */
    public ReportWriter(String title, List<GroupResult> results, Path out) {
        this(results.stream().map(GroupRun::of).toList(), title, out);
    }

    /**
     * @param runs  one finished group per entry, with its sweep and timings (G >= 1)
     * @param title report title
     * @param out   output directory
     */
    ReportWriter(List<GroupRun> runs, String title, Path out) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("expected at least one finished group (a summary.json), found none");
        }
        this.title = title;
        this.study = new Study(runs);
        this.out = out;
    }

    /** Writes everything; returns the HTML report's path. */
    public Path write() {
        ReportFigures fig = new ReportFigures(out.resolve("figures"));
        Doc doc = new Doc().heading(1, "HUSAI study report: " + title);
        intro(doc);
        convergence(doc);
        doc.heading(2, "Recommendations (derived from the data below)")
                .add(new Doc.Bullets(Recommendations.of(study.results())));
        Q1Goldilocks.write(study, doc, fig);
        Q2Ranking.write(study, doc, fig);
        Q3GroundTruth.write(study, doc, fig);
        Q4Geometry.write(study, doc, fig);
        Q5Temporal.write(study, doc, fig, out);
        LrSteps.write(study, doc);
        Literature.write(study, doc);
        ReportMethod.write(study, doc);
        allGroups(doc);
        ReportTables.write(out.resolve("tables"), study);
        return writeDocuments(doc);
    }

    private void intro(Doc doc) {
        List<GroupResult> results = study.results();
        int saes = results.stream().mapToInt(GroupResult::seeds).sum();
        List<String> data = new ArrayList<>();
        for (String d : study.datasets()) {
            List<GroupResult> on = study.on(d);
            GroupResult any = on.get(0);
            data.add(f("%s (%s, %d groups, d_sae %d-%d)", d, Study.testbed(any) ? "the grokked modular-addition testbed"
                    : (any.truth() != null ? "synthetic activations with a known dictionary" : "the user's activations"), on.size(), on.stream().mapToInt(GroupResult::dSae).min().orElse(0),
                    on.stream().mapToInt(GroupResult::dSae).max().orElse(0)));
        }
        doc.text(f("%d groups, %d SAEs (%s seeds each, up to %d training steps) on %s. Stability is measured between every "
                + "pair of seeds of a group, on the raw dictionaries and inside the principal subspace holding 99%% of the "
                + "activations' variance, next to random and untrained-initialisation baselines of the same shapes.",
                results.size(), saes, seeds(results), results.stream().mapToInt(GroupResult::steps).max().orElse(0),
                String.join("; ", data)));
        double wall = study.runs().stream().filter(r -> r.wallSeconds() != null).mapToDouble(GroupRun::wallSeconds).sum();
        if (wall > 0) {
            doc.text(f("Training and summarising took %.0f s of group wall time in all (sum over groups; tables/groups.csv "
                    + "has each group's wall_seconds and summary_seconds).", wall));
        }
    }

    private static String seeds(List<GroupResult> results) {
        List<Integer> s = results.stream().map(GroupResult::seeds).distinct().sorted().toList();
        return s.size() == 1 ? s.get(0).toString() : s.get(0) + "-" + s.get(s.size() - 1);
    }

    /** How many groups converged, which stopped early, and which did not converge (named). */
    private void convergence(Doc doc) {
        List<GroupResult> results = study.results();
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
                    + Study.list(open.stream().map(g -> g.group() + " " + g.verdict().label()).toList(), 40) + ".");
        }
    }

    private void allGroups(Doc doc) {
        List<String> header = new ArrayList<>(ReportTables.GROUP_HEADER.subList(0, 15));
        header.add(1, "data");
        header.add("convergence");
        List<List<String>> rows = new ArrayList<>();
        List<List<String>> all = ReportTables.groupRows(study);
        for (int i = 0; i < all.size(); i++) {
            GroupResult g = study.runs().get(i).result();
            List<String> row = new ArrayList<>(all.get(i).subList(0, 15));
            row.add(1, study.data(g));
            row.add(g.verdict().label());
            rows.add(row);
        }
        doc.heading(2, "All groups").add(new Doc.Table(header, rows));
    }

    /** Adds every figure made so far whose name starts with {@code prefix}. */
    static void images(Doc doc, ReportFigures fig, String prefix) {
        fig.all().stream().filter(x -> x.name().startsWith(prefix)).forEach(x -> doc.add(new Doc.Image(x)));
    }

    private Path writeDocuments(Doc doc) {
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve("report.md"), doc.markdown());
            Path html = out.resolve("report.html");
            Files.writeString(html, doc.html("HUSAI study report: " + title));
            return html;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report into " + out, e);
        }
    }
}
