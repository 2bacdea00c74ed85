package dev.husai.app.report;

import dev.husai.core.config.Width;
import dev.husai.core.sweep.CurvePoint;
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
            "truth_mcc", "truth_recovered", "truth_baseline_mcc", "truth_baseline_recovered");

    private ReportTables() {
    }

    static List<List<String>> groupRows(List<GroupResult> results) {
        List<List<String>> rows = new ArrayList<>();
        for (GroupResult g : results) {
            rows.add(List.of(g.group(), g.arch().wireName(), Integer.toString(g.dSae()), Width.plain(g.expansion()),
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
                    truth(g, TruthFigures::baselineMcc), truth(g, TruthFigures::baselineRecovered)));
        }
        return rows;
    }

    static void write(Path dir, List<GroupResult> results) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("groups.csv"), csv(GROUP_HEADER, groupRows(results)));
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

    private static String csv(List<String> header, List<List<String>> rows) {
        StringBuilder s = new StringBuilder(String.join(",", header)).append('\n');
        rows.forEach(r -> s.append(String.join(",", r)).append('\n'));
        return s.toString();
    }

    private static String n(double v) {
        return String.format(Locale.ROOT, "%.5f", v);
    }
}
