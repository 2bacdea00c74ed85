package dev.husai.app.report;

import static dev.husai.app.report.Study.f;

import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.stability.Summary;
import dev.husai.core.sweep.CurvePoint;
import dev.husai.core.sweep.GroupResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Question 5, when stability is decided: per group, the decided step of a stability curve
 * ({@link GroupResult#decidedStep}) as a share of its last snapshot step, summarised per architecture (median, and
 * mean with a Student-t 95% interval over groups); then the early-warning forecast.
 */
final class Q5Temporal {
    /** One curve whose decided step is measured. */
    record Curve(String label, ToDoubleFunction<CurvePoint> of) {
    }

    static final List<Curve> CURVES = List.of(new Curve("raw PW-MCC", CurvePoint::pwMcc),
            new Curve("raw shared", CurvePoint::shared), new Curve("in-span shared", CurvePoint::spanShared));

    private Q5Temporal() {
    }

    static void write(Study s, Doc doc, ReportFigures fig, java.nio.file.Path outDir) {
        doc.heading(2, "Q5. When is stability decided?");
        List<GroupResult> curved = s.results().stream().filter(g -> g.curve().size() >= 2).toList();
        if (curved.isEmpty()) {
            doc.text("No group has a stability curve of two or more snapshots.");
            return;
        }
        doc.text(answer(curved));
        List<List<String>> rows = new ArrayList<>();
        for (Arch arch : Arch.values()) {
            List<GroupResult> of = curved.stream().filter(g -> g.arch() == arch).toList();
            if (of.isEmpty()) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(arch.wireName(), Integer.toString(of.size())));
            for (Curve c : CURVES) {
                double[] share = shares(of, c);
                row.add(f("%.0f%%", 100 * median(share)));
                row.add(pct(Summary.of(share)));
            }
            rows.add(row);
        }
        List<String> header = new ArrayList<>(List.of("architecture", "groups"));
        CURVES.forEach(c -> header.addAll(List.of(c.label() + ": median", c.label() + ": mean [95% CI]")));
        s.table(doc, "q5_decided", header, rows);
        doc.text("Decided step: the first snapshot step after which the curve stays within max(0.01, 10% of its total "
                + "change) of its final value; shown as a share of the group's last snapshot step. A curve that never "
                + "leaves its chance level (a raw shared fraction flat at 0) is decided at its first snapshot: read an "
                + "early decided step beside the group's final figure (Q1).");
        for (String data : s.datasets()) {
            fig.curves(data, s.on(data), "raw shared fraction", (g, p) -> p.shared());
        }
        ReportWriter.images(doc, fig, "curve-");
        EarlyWarningSection.write(doc, fig, s.results(), outDir);
    }

    /** The median decided share per curve, and the earliest / latest architecture on the raw shared fraction. */
    static String answer(List<GroupResult> curved) {
        List<String> parts = CURVES.stream().map(c -> f("%s %.0f%%", c.label(), 100 * median(shares(curved, c)))).toList();
        Arch early = null;
        Arch late = null;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Arch arch : Arch.values()) {
            double[] share = shares(curved.stream().filter(g -> g.arch() == arch).toList(), CURVES.get(1));
            if (share.length > 0) {
                double m = median(share);
                if (m < lo) {
                    lo = m;
                    early = arch;
                }
                if (m > hi) {
                    hi = m;
                    late = arch;
                }
            }
        }
        String head = f("Stability is decided at a median share of training of: %s (over %d groups); ",
                String.join(", ", parts), curved.size());
        if (early == late || Math.round(100 * lo) == Math.round(100 * hi)) {
            return head + f("on the raw shared fraction every architecture decides at a median %.0f%%.", 100 * lo);
        }
        return head + f("on the raw shared fraction %s decides earliest (median %.0f%%) and %s latest (%.0f%%).",
                early.wireName(), 100 * lo, late.wireName(), 100 * hi);
    }

    /** Decided step / last snapshot step per group, {@code [G]}. */
    static double[] shares(List<GroupResult> groups, Curve c) {
        return groups.stream().mapToDouble(g -> g.decidedStep(c.of()) / (double) g.curve().get(g.curve().size() - 1).step())
                .toArray();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String pct(Summary s) {
        return f("%.0f%% [%.0f%%, %.0f%%]", 100 * s.mean(), 100 * s.ci95Low(), 100 * s.ci95High());
    }
}
