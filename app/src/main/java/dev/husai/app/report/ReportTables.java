package dev.husai.app.report;

import dev.husai.core.config.Width;
import dev.husai.core.sweep.CurvePoint;
import dev.husai.core.sweep.GeometryFigures;
import dev.husai.core.sweep.TruthFigures;
import dev.husai.core.sweep.GroupResult;
import dev.husai.core.sweep.Measure;
import dev.husai.core.sweep.SweepFindings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report's CSV tables: groups.csv (one row per group), curves.csv (one row per group and step), ranking.csv. */
final class ReportTables {
    static final List<String> GROUP_HEADER = List.of("group", "arch", "d_sae", "expansion", "sparsity", "raw_pw_mcc",
            "raw_baseline_pw_mcc", "raw_shared", "span_pw_mcc", "span_baseline_pw_mcc", "span_shared", "span_chance_shared",
            "fvu", "l0", "fourier_recovered", "raw_pw_mcc_ci_low", "raw_pw_mcc_ci_high", "raw_excess_pw_mcc",
            "span_excess_pw_mcc", "span_excess_shared", "span_rank", "dead_fraction", "spliced_accuracy", "fourier_universal",
            "seeds", "steps", "decided_step_raw_pw_mcc", "decided_step_span_shared", "family_overlap", "family_baseline",
            "family_latents", "hook", "lr", "converged", "convergence", "last_step", "steepest_slope_per_1k",
            "truth_mcc", "truth_recovered", "truth_baseline_mcc", "truth_baseline_recovered",
            // the study's additions (issue 15): data token, sweep, every interval and baseline, geometry, timings
            "data", "sweep", "sparsity_name", "sparsity_value", "raw_pw_mcc_baseline_init", "raw_shared_ci_low",
            "raw_shared_ci_high", "raw_shared_baseline_random", "raw_shared_baseline_init", "span_pw_mcc_ci_low",
            "span_pw_mcc_ci_high", "span_pw_mcc_baseline_init", "span_shared_ci_low", "span_shared_ci_high",
            "span_shared_baseline_random", "span_shared_baseline_init", "decided_step_raw_shared", "geometry_shared_share",
            "geometry_shared_interference", "geometry_orphan_interference", "geometry_shared_eff_dim",
            "geometry_orphan_eff_dim", "geometry_shared_clustered", "geometry_orphan_clustered", "geometry_shared_in_family",
            "geometry_orphan_in_family", "wall_seconds", "summary_seconds");

    private ReportTables() {
    }

    /** One row per group, {@link #GROUP_HEADER}'s columns. */
    static List<List<String>> groupRows(Study study) {
        List<List<String>> rows = new ArrayList<>();
        for (GroupRun run : study.runs()) {
            List<String> row = new ArrayList<>(base(run.result()));
            row.addAll(study(study, run));
            rows.add(row);
        }
        return rows;
    }

    /** The study's columns of a group (geometry and timings empty where the summary lacks them). */
    private static List<String> study(Study study, GroupRun run) {
        GroupResult g = run.result();
        List<String> row = new ArrayList<>(List.of(study.data(g), run.sweep(), g.sparsityName(), Width.plain(g.sparsity()),
                n(g.raw().initPwMcc()), n(g.raw().shared().ci95Low()), n(g.raw().shared().ci95High()),
                n(g.raw().baselineShared()), n(g.raw().initShared()), n(g.span().pwMcc().ci95Low()),
                n(g.span().pwMcc().ci95High()), n(g.span().initPwMcc()), n(g.span().shared().ci95Low()),
                n(g.span().shared().ci95High()), n(g.span().baselineShared()), n(g.span().initShared()),
                Long.toString(g.decidedStep(CurvePoint::shared))));
        GeometryFigures x = g.geometry();
        for (double v : x == null ? new double[9] : new double[] {x.sharedShare(), x.sharedInterference(),
            x.orphanInterference(), x.sharedEffDim(), x.orphanEffDim(), x.sharedClustered(), x.orphanClustered(),
            x.sharedInFamily(), x.orphanInFamily()}) {
            row.add(x == null ? "" : n(v));
        }
        row.add(run.wallSeconds() == null ? "" : n(run.wallSeconds()));
        row.add(run.summarySeconds() == null ? "" : n(run.summarySeconds()));
        return row;
    }

    /** The columns every report had before the study. */
    private static List<String> base(GroupResult g) {
        return List.of(g.group(), g.arch().wireName(), Integer.toString(g.dSae()), Width.plain(g.expansion()),
                g.sparsityName() + "=" + ReportFigures.label(g.sparsity()), n(g.raw().pwMcc().mean()),
                n(g.raw().baselinePwMcc()), n(g.raw().shared().mean()), n(g.span().pwMcc().mean()),
                n(g.span().baselinePwMcc()), n(g.span().shared().mean()), n(g.span().chanceShared()), n(g.quality().fvu()),
                n(g.quality().l0()), n(g.fourierRecovered()), n(g.raw().pwMcc().ci95Low()), n(g.raw().pwMcc().ci95High()),
                n(g.raw().excessPwMcc()), n(g.span().excessPwMcc()), n(g.span().excessShared()),
                Integer.toString(g.spanRank()), n(g.quality().deadFraction()), n(g.quality().splicedAccuracy()),
                n(g.fourierUniversal()), Integer.toString(g.seeds()), Integer.toString(g.steps()),
                Long.toString(g.decidedStep(CurvePoint::pwMcc)), Long.toString(g.decidedStep(CurvePoint::spanShared)),
                n(g.families().overlap()), n(g.families().baseline()), n(g.families().latents()),
                g.hook() == null ? "" : g.hook(), g.lr() == 0 ? "" : Width.plain(g.lr()), Boolean.toString(g.converged()),
                g.verdict().label().replace(',', ';'), Long.toString(g.verdict().lastStep()), n(g.verdict().steepestSlope()),
                truth(g, TruthFigures::mccVsTruth), truth(g, TruthFigures::recoveredFraction),
                truth(g, TruthFigures::baselineMcc), truth(g, TruthFigures::baselineRecovered));
    }

    /** groups.csv, curves.csv, ranking.csv and one CSV per question's table ({@link Study#tables}). */
    static void write(Path dir, Study study) {
        List<GroupResult> results = study.results();
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("groups.csv"), csv(GROUP_HEADER, groupRows(study)));
            for (var t : study.tables().entrySet()) {
                Files.writeString(dir.resolve(t.getKey() + ".csv"), csv(t.getValue().header(), t.getValue().rows()));
            }
            List<List<String>> curve = new ArrayList<>();
            for (GroupResult g : results) {
                for (CurvePoint p : g.curve()) {
                    curve.add(List.of(g.group(), Long.toString(p.step()), n(p.pwMcc()), n(p.pwMccMin()), n(p.pwMccMax()),
                            n(p.shared()), n(p.spanPwMcc()), n(p.spanShared()), Integer.toString(p.n())));
                }
            }
            Files.writeString(dir.resolve("curves.csv"), csv(List.of("group", "step", "raw_pw_mcc", "raw_pw_mcc_min",
                    "raw_pw_mcc_max", "raw_shared", "span_pw_mcc", "span_shared", "pairs"), curve));
            List<List<String>> rank = new ArrayList<>();
            for (Measure m : Measure.values()) {
                for (SweepFindings.ArchRank r : SweepFindings.ranking(SweepFindings.rankable(results), m)) {
                    rank.add(List.of(m.name().toLowerCase(Locale.ROOT), r.arch().wireName(), n(r.pooled().mean()),
                            n(r.pooled().ci95Low()), n(r.pooled().ci95High()), Integer.toString(r.pooled().n())));
                }
            }
            Files.writeString(dir.resolve("ranking.csv"), csv(List.of("measure", "arch", "mean", "ci95_low", "ci95_high",
                    "seed_pairs"), rank));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the tables into " + dir, e);
        }
    }

    private static String truth(GroupResult g, java.util.function.ToDoubleFunction<TruthFigures> figure) {
        return g.truth() == null ? "" : n(figure.applyAsDouble(g.truth()));
    }

    /** RFC 4180 CSV: a cell holding a comma, quote or line break is quoted, its quotes doubled. */
    static String csv(List<String> header, List<List<String>> rows) {
        StringBuilder s = new StringBuilder(line(header)).append('\n');
        rows.forEach(r -> s.append(line(r)).append('\n'));
        return s.toString();
    }

    private static String line(List<String> cells) {
        return String.join(",", cells.stream().map(c -> c.contains(",") || c.contains("\"") || c.contains("\n")
                ? "\"" + c.replace("\"", "\"\"") + "\"" : c).toList());
    }

    private static String n(double v) {
        return String.format(Locale.ROOT, "%.5f", v);
    }
}
