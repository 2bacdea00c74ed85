package dev.husai.app.report;

import static dev.husai.app.report.Study.ci;
import static dev.husai.app.report.Study.f;

import dev.husai.core.sweep.GroupResult;
import dev.husai.core.sweep.MatchedComparison;
import dev.husai.core.sweep.Measure;
import dev.husai.core.sweep.StudyStats;
import dev.husai.core.sweep.SweepFindings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Question 2, architecture ranking with 95% intervals over seed pairs: pooled per data set, then at matched width
 * (each width: the architectures side by side) and at matched L0 (groups binned by measured L0 in log2 bins
 * {@code [2^b, 2^(b+1))}). A lead is resolved when the leader's interval is disjoint from the runner-up's.
 * Only converged groups are ranked (all of them when none converged).
 */
final class Q2Ranking {
    /**
     * The measures ranked: the Goldilocks measure, Song et al.'s PW-MCC above its random baseline, and the in-span
     * shared fraction above its chance level (on low-dimensional activations the raw shared fraction is 0 everywhere,
     * and only the in-span one can separate the architectures).
     */
    static final List<Measure> MEASURES = List.of(Measure.RAW_SHARED, Measure.RAW_PW_MCC_EXCESS,
            Measure.SPAN_SHARED_EXCESS);

    private Q2Ranking() {
    }

    static void write(Study s, Doc doc, ReportFigures fig) {
        doc.heading(2, "Q2. Which architecture is most stable? Ranking at matched width and matched L0");
        List<GroupResult> rankable = SweepFindings.rankable(s.results());
        List<MatchedComparison.Cell> width = widthCells(s, rankable, Measure.RAW_SHARED);
        List<MatchedComparison.Cell> l0 = l0Cells(s, rankable, Measure.RAW_SHARED);
        List<MatchedComparison.Cell> spanWidth = widthCells(s, rankable, Measure.SPAN_SHARED_EXCESS);
        doc.text(answer(width, "matched-width") + " " + answer(l0, "matched-L0") + " "
                + answer(spanWidth, "matched-width", Measure.SPAN_SHARED_EXCESS)
                + (rankable.size() < s.results().size() ? f(" (%d unconverged groups are left out.)",
                s.results().size() - rankable.size()) : ""));
        List<List<String>> pooled = new ArrayList<>();
        for (String data : s.datasets()) {
            List<GroupResult> on = rankable.stream().filter(g -> s.data(g).equals(data)).toList();
            for (Measure m : MEASURES) {
                for (SweepFindings.ArchRank r : SweepFindings.ranking(on, m)) {
                    pooled.add(List.of(data, m.label(), r.arch().wireName(), ci(r.pooled()), Integer.toString(r.pooled().n()),
                            Integer.toString(r.groups())));
                }
                fig.ranking(data, on, m);
            }
        }
        doc.heading(3, "Pooled over each data set");
        s.table(doc, "q2_ranking", List.of("data", "measure", "architecture", "mean [95% CI]", "seed pairs", "groups"), pooled);
        ReportWriter.images(doc, fig, "ranking-");
        for (Measure m : MEASURES) {
            doc.heading(3, "At matched width: " + m.label());
            s.table(doc, "q2_matched_width_" + m.name().toLowerCase(java.util.Locale.ROOT), header("width"),
                    rows(widthCells(s, rankable, m)));
            doc.heading(3, "At matched L0 (log2 bins of measured L0): " + m.label());
            s.table(doc, "q2_matched_l0_" + m.name().toLowerCase(java.util.Locale.ROOT), header("L0 bin"),
                    rows(l0Cells(s, rankable, m)));
        }
        doc.text("Intervals are Student-t over the pooled seed pairs; pairs share seeds, so they are optimistic, and a "
                + "lead whose intervals overlap is not resolved.");
    }

    /** Matched-width cells in report order (data, then width ascending). */
    static List<MatchedComparison.Cell> widthCells(Study s, List<GroupResult> rankable, Measure m) {
        List<GroupResult> ordered = rankable.stream().sorted(java.util.Comparator.comparing(s::data)
                .thenComparingInt(GroupResult::dSae)).toList();
        return MatchedComparison.cells(ordered, g -> s.data(g) + " d_sae " + g.dSae(), m);
    }

    /** Matched-L0 cells in report order (data, then L0 bin ascending). */
    static List<MatchedComparison.Cell> l0Cells(Study s, List<GroupResult> rankable, Measure m) {
        List<GroupResult> ordered = rankable.stream().sorted(java.util.Comparator.comparing(s::data)
                .thenComparingInt(MatchedComparison::l0Bin)).toList();
        return MatchedComparison.cells(ordered, g -> s.data(g) + " " + l0Label(g), m);
    }

    static String l0Label(GroupResult g) {
        int bin = MatchedComparison.l0Bin(g);
        return bin == -1000 ? "L0 n/a" : StudyStats.l0BinLabel(bin);
    }

    /** {@code Raw shared fraction at matched width: topk leads 5 of 7 cells ...; resolved 4 of 7 ...}. */
    static String answer(List<MatchedComparison.Cell> cells, String what) {
        return answer(cells, what, Measure.RAW_SHARED);
    }

    /** The answer sentence for {@code cells} compared on {@code m}. */
    static String answer(List<MatchedComparison.Cell> cells, String what, Measure m) {
        List<MatchedComparison.Cell> compared = cells.stream().filter(c -> c.ranks().size() >= 2).toList();
        if (compared.isEmpty()) {
            return "On the " + m.label() + " at " + what + " no cell holds two architectures to compare.";
        }
        Map<String, Integer> leads = new LinkedHashMap<>();
        compared.forEach(c -> leads.merge(c.ranks().get(0).arch().wireName(), 1, Integer::sum));
        List<String> byLead = leads.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + e.getValue()).toList();
        List<String> open = compared.stream().filter(c -> !c.resolved()).map(MatchedComparison.Cell::key).toList();
        return f("On the %s at %s, the leader of each of the %d cells with >= 2 architectures is: %s; "
                + "%d leads are resolved (95%% CIs disjoint)%s.", m.label(), what, compared.size(), String.join(", ", byLead),
                compared.size() - open.size(), open.isEmpty() ? "" : ", not resolved in " + Study.list(open, 6));
    }

    private static List<String> header(String cell) {
        return List.of("data, " + cell, "leader", "leader mean [95% CI]", "runner-up", "runner-up mean [95% CI]", "resolved",
                "all (mean)");
    }

    private static List<List<String>> rows(List<MatchedComparison.Cell> cells) {
        List<List<String>> rows = new ArrayList<>();
        for (MatchedComparison.Cell c : cells) {
            SweepFindings.ArchRank lead = c.ranks().get(0);
            boolean two = c.ranks().size() >= 2;
            rows.add(List.of(c.key(), lead.arch().wireName(), ci(lead.pooled()),
                    two ? c.ranks().get(1).arch().wireName() : "-", two ? ci(c.ranks().get(1).pooled()) : "-",
                    two ? (c.resolved() ? "yes" : "no") : "-", String.join("; ", c.ranks().stream()
                            .map(r -> f("%s %.3f", r.arch().wireName(), r.pooled().mean())).toList())));
        }
        return rows;
    }
}
