package dev.husai.app.report;

import static dev.husai.app.report.Study.ci;
import static dev.husai.app.report.Study.f;
import static dev.husai.app.report.Study.n3;

import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.sweep.GroupResult;
import dev.husai.core.sweep.Measure;
import dev.husai.core.sweep.StudyStats;
import dev.husai.core.sweep.SweepFindings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Question 1, the Goldilocks zone: where across width and sparsity, per architecture and data, more than 60% of a
 * group's latents are shared at tau (raw shared fraction: decoder and encoder cosine >= tau), each figure beside its
 * random and untrained-init baselines.
 */
final class Q1Goldilocks {
    private Q1Goldilocks() {
    }

    static void write(Study s, Doc doc, ReportFigures fig) {
        doc.heading(2, "Q1. Is there a Goldilocks zone? Stability against width and sparsity");
        doc.text(answer(s));
        List<String> regions = regions(s);
        if (!regions.isEmpty()) {
            doc.add(new Doc.Bullets(regions));
        }
        List<GroupResult> span = s.results().stream().filter(Q1Goldilocks::inSpanZone).toList();
        doc.text(f("Inside the data subspace %d of %d groups share > 60%% of latents AND beat the in-span chance level (max of "
                + "random and untrained-init shared fraction) by > 0.05%s", span.size(), s.results().size(),
                span.isEmpty() ? "." : ":"));
        List<String> spanRegions = regions(s, Q1Goldilocks::inSpanZone, g -> g.span().shared().mean());
        if (!spanRegions.isEmpty()) {
            doc.add(new Doc.Bullets(spanRegions));
        }
        for (String data : s.datasets()) {
            figures(s, data, fig);
        }
        ReportWriter.images(doc, fig, "width-");
        ReportWriter.images(doc, fig, "heatmap-");
        doc.text("Every group's figures with 95% intervals over its seed pairs and both baselines (random unit "
                + "dictionaries; untrained tied initialisations); tables/q1_goldilocks.csv holds the same.");
        s.table(doc, "q1_goldilocks", List.of("group", "raw PW-MCC", "random", "init", "in-span PW-MCC", "random", "init",
                "raw shared", "random", "init", "in-span shared", "random", "init"), rows(s));
    }

    /** The one-sentence answer: the regions over 60%, or the best group and its distance from 60%. */
    static String answer(Study s) {
        List<GroupResult> zone = SweepFindings.goldilocks(s.results(), Measure.RAW_SHARED);
        if (zone.isEmpty()) {
            GroupResult best = s.results().stream().max(Comparator.comparingDouble(g -> g.raw().shared().mean())).orElseThrow();
            return f("No: no group shares more than 60%% of its latents at tau; the best region is %s with a raw shared "
                    + "fraction of %s, %.3f short of 60%% (chance level %.3f).", s.cell(best), ci(best.raw().shared()),
                    SweepFindings.GOLDILOCKS_SHARED - best.raw().shared().mean(), best.raw().chanceShared());
        }
        GroupResult best = zone.get(0);
        return f("Yes: %d of %d groups share more than 60%% of their latents at tau, in the regions listed below "
                + "(data, architecture, sparsity: the widths); the best is %s at %s (chance level %.3f).", zone.size(),
                s.results().size(), s.cell(best), ci(best.raw().shared()), best.raw().chanceShared());
    }

    /** In the in-span zone: in-span shared fraction > 60% and > 0.05 above its chance level. */
    static boolean inSpanZone(GroupResult g) {
        return g.span().shared().mean() > SweepFindings.GOLDILOCKS_SHARED && g.span().excessShared() > 0.05;
    }

    /** {@code resid_post topk k=8: d_sae 8-32 (best 0.912)} for every data x arch x sparsity with a width over 60%. */
    static List<String> regions(Study s) {
        return regions(s, g -> g.raw().shared().mean() > SweepFindings.GOLDILOCKS_SHARED, g -> g.raw().shared().mean());
    }

    /** The runs of widths of each data x arch x sparsity line whose groups pass {@code in}; best = max of {@code value}. */
    static List<String> regions(Study s, java.util.function.Predicate<GroupResult> in,
                                java.util.function.ToDoubleFunction<GroupResult> value) {
        List<String> out = new ArrayList<>();
        for (String data : s.datasets()) {
            List<GroupResult> on = s.on(data);
            for (Arch arch : Arch.values()) {
                for (double sp : on.stream().filter(g -> g.arch() == arch).map(GroupResult::sparsity).distinct().sorted().toList()) {
                    List<GroupResult> line = on.stream().filter(g -> g.arch() == arch && g.sparsity() == sp).toList();
                    Set<Integer> hits = line.stream().filter(in).map(GroupResult::dSae).collect(Collectors.toSet());
                    if (hits.isEmpty()) {
                        continue;
                    }
                    List<Integer> axis = line.stream().map(GroupResult::dSae).distinct().sorted().toList();
                    double top = line.stream().mapToDouble(value).max().orElseThrow();
                    boolean open = line.stream().anyMatch(g -> hits.contains(g.dSae()) && !g.converged());
                    out.add(f("%s %s %s=%s: d_sae %s (best %.3f%s)", data, arch.wireName(), line.get(0).sparsityName(),
                            ReportFigures.label(sp), String.join(", ", StudyStats.ranges(axis, hits)), top,
                            open ? "; some not converged" : ""));
                }
            }
        }
        return out;
    }

    private static void figures(Study s, String data, ReportFigures fig) {
        List<GroupResult> on = s.on(data);
        String tag = ReportFigures.file(data);
        fig.widthLines("width-" + tag + "-raw-pw-mcc", data + ": raw PW-MCC against width (dashed: random, dotted: untrained init)",
                data + ": raw PW-MCC", "raw PW-MCC", on, g -> g.raw().pwMcc().mean(), g -> g.raw().baselinePwMcc(),
                g -> g.raw().initPwMcc());
        fig.widthLines("width-" + tag + "-span-pw-mcc", data + ": in-span PW-MCC against width (dashed: random, dotted: init)",
                data + ": in-span PW-MCC", "in-span PW-MCC", on, g -> g.span().pwMcc().mean(), g -> g.span().baselinePwMcc(),
                g -> g.span().initPwMcc());
        fig.widthLines("width-" + tag + "-raw-shared", data + ": raw shared fraction against width (dashed: random, dotted: init)",
                data + ": raw shared fraction", "raw shared fraction", on, g -> g.raw().shared().mean(),
                g -> g.raw().baselineShared(), g -> g.raw().initShared());
        fig.widthLines("width-" + tag + "-span-shared", data + ": in-span shared fraction against width (dashed: random, "
                + "dotted: init)", data + ": in-span shared", "in-span shared fraction", on, g -> g.span().shared().mean(),
                g -> g.span().baselineShared(), g -> g.span().initShared());
        fig.heatmaps(data, on, Measure.RAW_SHARED);
    }

    private static List<List<String>> rows(Study s) {
        List<List<String>> rows = new ArrayList<>();
        for (GroupResult g : s.results()) {
            rows.add(List.of(s.cell(g), ci(g.raw().pwMcc()), n3(g.raw().baselinePwMcc()), n3(g.raw().initPwMcc()),
                    ci(g.span().pwMcc()), n3(g.span().baselinePwMcc()), n3(g.span().initPwMcc()), ci(g.raw().shared()),
                    n3(g.raw().baselineShared()), n3(g.raw().initShared()), ci(g.span().shared()),
                    n3(g.span().baselineShared()), n3(g.span().initShared())));
        }
        return rows;
    }
}
