package dev.husai.app.report;

import static dev.husai.app.report.Study.f;
import static dev.husai.app.report.Study.n3;

import dev.husai.core.sweep.GroupResult;
import dev.husai.core.sweep.StudyStats;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Question 3, does stability track ground truth: on synthetic data with a known dictionary (the positive controls,
 * stated first), MCC vs truth and the recovered fraction against cross-seed stability; on the testbed, Fourier
 * recovery, universality and family overlap against it. Each association is a Spearman rho across groups with its
 * Fisher-z 95% interval ({@link StudyStats#spearman}).
 */
final class Q3GroundTruth {
    /** A named per-group figure. */
    record Axis(String label, ToDoubleFunction<GroupResult> of) {
    }

    static final List<Axis> STABILITY = List.of(new Axis("raw PW-MCC", g -> g.raw().pwMcc().mean()),
            new Axis("raw shared", g -> g.raw().shared().mean()), new Axis("in-span PW-MCC", g -> g.span().pwMcc().mean()),
            new Axis("in-span shared", g -> g.span().shared().mean()));
    static final List<Axis> FOURIER = List.of(new Axis("Fourier recovered", GroupResult::fourierRecovered),
            new Axis("Fourier universal", GroupResult::fourierUniversal),
            new Axis("family overlap", g -> g.families() == null ? Double.NaN : g.families().overlap()));
    static final List<Axis> TRUTH = List.of(new Axis("MCC vs truth", g -> g.truth().mccVsTruth()),
            new Axis("atoms recovered at tau", g -> g.truth().recoveredFraction()));

    private Q3GroundTruth() {
    }

    static void write(Study s, Doc doc, ReportFigures fig) {
        doc.heading(2, "Q3. Does stability track ground truth?");
        List<GroupResult> synth = s.results().stream().filter(g -> g.truth() != null).toList();
        List<GroupResult> testbed = s.results().stream().filter(g -> Study.testbed(g) && Double.isFinite(g.fourierRecovered()))
                .toList();
        if (synth.isEmpty() && testbed.isEmpty()) {
            doc.text("No group has a ground truth: neither a known dictionary (synthetic data) nor the testbed's Fourier "
                    + "features.");
            return;
        }
        doc.text(answer(synth, testbed));
        if (!synth.isEmpty()) {
            synthetic(s, doc, fig, synth);
        }
        if (!testbed.isEmpty()) {
            doc.heading(3, "Testbed: Fourier features of the grokked model");
            s.table(doc, "q3_fourier", List.of("groups", "truth", "stability", "Spearman rho [95% CI]", "n"),
                    rhoRows("testbed", testbed, FOURIER));
            fig.scatter("fourier-vs-shared", "Fourier recovery against raw shared fraction, one point per testbed group",
                    "Fourier recovery vs stability", "raw shared fraction", "Fourier recovered", testbed,
                    g -> g.raw().shared().mean(), GroupResult::fourierRecovered);
            fig.scatter("fourier-vs-span-pw-mcc", "Fourier recovery against in-span PW-MCC, one point per testbed group",
                    "Fourier recovery vs in-span PW-MCC", "in-span PW-MCC", "Fourier recovered", testbed,
                    g -> g.span().pwMcc().mean(), GroupResult::fourierRecovered);
            ReportWriter.images(doc, fig, "fourier-");
        }
    }

    /** The positive controls first, then rho per synthetic data set (all widths, and widths >= the true atom count). */
    private static void synthetic(Study s, Doc doc, ReportFigures fig, List<GroupResult> synth) {
        doc.heading(3, "Positive controls: synthetic data with a known dictionary");
        doc.text(controls(synth));
        List<List<String>> rows = new ArrayList<>();
        List<String> sets = new ArrayList<>(synth.stream().map(s::data).distinct().toList());
        if (sets.size() > 1) {
            sets.add(0, "all synthetic");
        }
        for (String data : sets) {
            List<GroupResult> on = data.equals("all synthetic") ? synth
                    : synth.stream().filter(g -> s.data(g).equals(data)).toList();
            rows.addAll(rhoRows(data + ", all widths", on, TRUTH));
            rows.addAll(rhoRows(data + ", d_sae >= true atoms", on.stream()
                    .filter(g -> g.dSae() >= g.truth().trueAtoms()).toList(), TRUTH));
        }
        s.table(doc, "q3_truth", List.of("groups", "truth", "stability", "Spearman rho [95% CI]", "n"), rows);
        s.table(doc, "q3_truth_groups", List.of("group", "data", "true atoms", "MCC vs truth", "random", "recovered",
                "random", "raw PW-MCC", "raw shared"), truthRows(s, synth));
        fig.scatter("truth-mcc-vs-pw-mcc", "MCC vs truth against raw PW-MCC, one point per synthetic group",
                "known dictionary vs stability", "raw PW-MCC", "MCC vs truth", synth, g -> g.raw().pwMcc().mean(),
                g -> g.truth().mccVsTruth());
        fig.scatter("truth-recovered-vs-shared", "atoms recovered at tau against raw shared fraction, per synthetic group",
                "recovered vs shared", "raw shared fraction", "atoms recovered", synth, g -> g.raw().shared().mean(),
                g -> g.truth().recoveredFraction());
        ReportWriter.images(doc, fig, "truth-");
    }

    static String answer(List<GroupResult> synth, List<GroupResult> testbed) {
        List<String> parts = new ArrayList<>();
        if (!synth.isEmpty()) {
            parts.add("synthetic: MCC vs truth against raw PW-MCC " + rho(synth, TRUTH.get(0), STABILITY.get(0))
                    + ", atoms recovered against raw shared " + rho(synth, TRUTH.get(1), STABILITY.get(1)));
        }
        if (!testbed.isEmpty()) {
            parts.add("testbed: Fourier recovery against raw shared " + rho(testbed, FOURIER.get(0), STABILITY.get(1))
                    + ", against in-span PW-MCC " + rho(testbed, FOURIER.get(0), STABILITY.get(2)));
        }
        return "Across groups, Spearman rho [95% CI] (n groups): " + String.join("; ", parts)
                + ". A resolved positive rho means stability tracks truth; a negative one means the stable solutions are "
                + "not the true ones.";
    }

    /** What the instrument reads when the features are known: stability of groups that do / do not recover them. */
    static String controls(List<GroupResult> synth) {
        List<GroupResult> good = synth.stream().filter(g -> g.truth().recoveredFraction() >= 0.9).toList();
        List<GroupResult> poor = synth.stream().filter(g -> g.truth().recoveredFraction() < 0.9).toList();
        return f("When features are known the instrument reads: %d groups recover >= 90%% of the true atoms at tau "
                + "(raw shared fraction %s, raw PW-MCC %s); %d recover fewer (raw shared %s, raw PW-MCC %s). MCC vs truth "
                + "averages %.3f against %.3f for random dictionaries of the same widths.", good.size(),
                mean(good, g -> g.raw().shared().mean()), mean(good, g -> g.raw().pwMcc().mean()), poor.size(),
                mean(poor, g -> g.raw().shared().mean()), mean(poor, g -> g.raw().pwMcc().mean()),
                synth.stream().mapToDouble(g -> g.truth().mccVsTruth()).average().orElse(Double.NaN),
                synth.stream().mapToDouble(g -> g.truth().baselineMcc()).average().orElse(Double.NaN));
    }

    static String rho(List<GroupResult> groups, Axis a, Axis b) {
        StudyStats.Rho r = StudyStats.spearman(groups.stream().mapToDouble(a.of()).toArray(),
                groups.stream().mapToDouble(b.of()).toArray());
        return text(r);
    }

    static String text(StudyStats.Rho r) {
        return Double.isNaN(r.rho()) ? f("n/a (n %d)", r.n()) : Double.isNaN(r.low()) ? f("%+.2f (n %d, no CI)", r.rho(), r.n())
                : f("%+.2f [%+.2f, %+.2f] (n %d)", r.rho(), r.low(), r.high(), r.n());
    }

    private static List<List<String>> rhoRows(String label, List<GroupResult> groups, List<Axis> truths) {
        List<List<String>> rows = new ArrayList<>();
        for (Axis t : truths) {
            for (Axis st : STABILITY) {
                StudyStats.Rho r = StudyStats.spearman(groups.stream().mapToDouble(t.of()).toArray(),
                        groups.stream().mapToDouble(st.of()).toArray());
                rows.add(List.of(label, t.label(), st.label(), Double.isNaN(r.rho()) ? "n/a" : Double.isNaN(r.low())
                        ? f("%+.3f", r.rho()) : f("%+.3f [%+.3f, %+.3f]", r.rho(), r.low(), r.high()), Integer.toString(r.n())));
            }
        }
        return rows;
    }

    private static List<List<String>> truthRows(Study s, List<GroupResult> synth) {
        List<List<String>> rows = new ArrayList<>();
        for (GroupResult g : synth) {
            rows.add(List.of(Study.named(g), s.data(g), Integer.toString(g.truth().trueAtoms()), n3(g.truth().mccVsTruth()),
                    n3(g.truth().baselineMcc()), n3(g.truth().recoveredFraction()), n3(g.truth().baselineRecovered()),
                    n3(g.raw().pwMcc().mean()), n3(g.raw().shared().mean())));
        }
        return rows;
    }

    private static String mean(List<GroupResult> groups, ToDoubleFunction<GroupResult> v) {
        return groups.isEmpty() ? "n/a" : f("%.3f", groups.stream().mapToDouble(v).average().orElseThrow());
    }
}
