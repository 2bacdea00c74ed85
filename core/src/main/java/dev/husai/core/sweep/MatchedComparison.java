package dev.husai.core.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Architectures compared inside cells of matched conditions (one width, or one bin of measured L0, on one data set):
 * within a cell, each architecture's seed pairs of all its groups are pooled ({@link SweepFindings#ranking}), and the
 * leader's lead is resolved when its 95% interval is disjoint from the runner-up's.
 */
public final class MatchedComparison {

    private MatchedComparison() {
    }

    /**
     * One cell.
     *
     * @param key   the matched condition, e.g. {@code resid_post d_sae 64}
     * @param ranks architectures best first
     */
    public record Cell(String key, List<SweepFindings.ArchRank> ranks) {
        public Cell {
            ranks = List.copyOf(ranks);
        }

        /** Whether at least two architectures are compared and the best's interval is disjoint from the second's. */
        public boolean resolved() {
            return ranks.size() >= 2 && StudyStats.disjoint(ranks.get(0).pooled(), ranks.get(1).pooled());
        }
    }

    /** Cells keyed by {@code key} in the order keys first appear in {@code results}; cells of one architecture kept. */
    public static List<Cell> cells(List<GroupResult> results, Function<GroupResult, String> key, Measure measure) {
        Map<String, List<GroupResult>> by = new LinkedHashMap<>();
        for (GroupResult g : results) {
            by.computeIfAbsent(key.apply(g), k -> new ArrayList<>()).add(g);
        }
        List<Cell> out = new ArrayList<>();
        by.forEach((k, of) -> {
            List<SweepFindings.ArchRank> ranks = SweepFindings.ranking(of, measure);
            if (!ranks.isEmpty()) {
                out.add(new Cell(k, ranks));
            }
        });
        return out;
    }

    /** The log2 bin of a group's measured L0 ({@link StudyStats#l0Bin}); {@code -1000} when L0 is not positive. */
    public static int l0Bin(GroupResult g) {
        double l0 = g.quality().l0();
        return l0 > 0 && Double.isFinite(l0) ? StudyStats.l0Bin(l0) : -1000;
    }
}
