package dev.husai.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.stability.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The study report's statistics on hand-computed cases. */
class StudyStatsTest {

    @Test
    void spearmanWithItsFisherInterval() {
        // ranks equal the values; d = -1, 1, -1, 1, 0 -> rho = 1 - 6 * 4 / (5 * 24) = 0.8
        // z = atanh 0.8 = 1.0986, half = 1.96 sqrt(1.06 / 2) = 1.4269 -> tanh(-0.3283) = -0.3170, tanh(2.5255) = 0.9873
        StudyStats.Rho r = StudyStats.spearman(new double[] {1, 2, 3, 4, 5, Double.NaN}, new double[] {2, 1, 4, 3, 5, 9});
        assertEquals(0.8, r.rho(), 1e-12);
        assertEquals(5, r.n(), "the pair with a NaN is left out");
        assertEquals(-0.31696, r.low(), 1e-4);
        assertEquals(0.98728, r.high(), 1e-4);
        assertFalse(r.resolved(), "the interval holds 0");
        StudyStats.Rho perfect = StudyStats.spearman(new double[] {1, 2, 3, 4}, new double[] {8, 6, 4, 2});
        assertEquals(-1, perfect.rho(), 1e-12);
        assertTrue(perfect.resolved());
        StudyStats.Rho three = StudyStats.spearman(new double[] {1, 2, 3}, new double[] {1, 3, 2});
        assertEquals(0.5, three.rho(), 1e-12);
        assertTrue(Double.isNaN(three.low()), "no interval below 4 pairs");
    }

    @Test
    void pairedDifferenceSkipsNaNPairs() {
        Summary d = StudyStats.pairedDifference(new double[] {0.5, 0.9, Double.NaN, 0.7}, new double[] {0.4, 0.6, 0.1, 0.5});
        // differences 0.1, 0.3, 0.2: mean 0.2, sd 0.1, half = 4.303 * 0.1 / sqrt 3 = 0.2484
        assertEquals(3, d.n());
        assertEquals(0.2, d.mean(), 1e-12);
        assertEquals(-0.04843, d.ci95Low(), 1e-4);
        assertEquals(0.44843, d.ci95High(), 1e-4);
        assertFalse(StudyStats.excludesZero(d));
        assertNull(StudyStats.pairedDifference(new double[] {Double.NaN}, new double[] {1}));
    }

    @Test
    void l0BinsAndWidthRanges() {
        assertEquals(2, StudyStats.l0Bin(4.0));
        assertEquals(2, StudyStats.l0Bin(7.99));
        assertEquals(3, StudyStats.l0Bin(8.0));
        assertEquals(-1, StudyStats.l0Bin(0.75));
        assertEquals("L0 [4, 8)", StudyStats.l0BinLabel(2));
        assertThrows(IllegalArgumentException.class, () -> StudyStats.l0Bin(0));
        assertEquals(List.of("8-16", "64"), StudyStats.ranges(List.of(8, 16, 32, 64), Set.of(8, 16, 64)));
        assertEquals(List.of("8-64"), StudyStats.ranges(List.of(8, 16, 32, 64), Set.of(8, 16, 32, 64)));
        assertEquals(List.of(), StudyStats.ranges(List.of(8, 16), Set.of()));
    }

    @Test
    void matchedCellsResolveOnlyDisjointIntervals() {
        List<GroupResult> gs = new ArrayList<>();
        gs.add(group("a", Arch.TOPK, 3.9, new double[] {0.80, 0.81, 0.82}));
        gs.add(group("b", Arch.RELU_L1, 5.0, new double[] {0.50, 0.51, 0.52}));
        gs.add(group("c", Arch.TOPK, 9.0, new double[] {0.6, 0.7, 0.8}));
        gs.add(group("d", Arch.RELU_L1, 12.0, new double[] {0.55, 0.65, 0.75}));
        List<MatchedComparison.Cell> cells = MatchedComparison.cells(gs,
                g -> StudyStats.l0BinLabel(MatchedComparison.l0Bin(g)), Measure.RAW_SHARED);
        assertEquals(List.of("L0 [2, 4)", "L0 [4, 8)", "L0 [8, 16)"), cells.stream().map(MatchedComparison.Cell::key).toList());
        assertFalse(cells.get(0).resolved(), "one architecture: nothing to compare");
        MatchedComparison.Cell overlap = cells.get(2);
        assertEquals(Arch.TOPK, overlap.ranks().get(0).arch());
        assertFalse(overlap.resolved(), "0.70 +- 0.25 and 0.65 +- 0.25 overlap");
        List<MatchedComparison.Cell> pooled = MatchedComparison.cells(gs.subList(0, 2), g -> "all", Measure.RAW_SHARED);
        assertTrue(pooled.get(0).resolved(), "0.81 +- 0.025 vs 0.51 +- 0.025 are disjoint");
    }

    private static GroupResult group(String name, Arch arch, double l0, double[] shared) {
        StabilityFigures f = new StabilityFigures(Summary.of(shared), Summary.of(shared), 0.3, 0, 0.3, 0.05, shared, shared);
        return new GroupResult(name, arch, 64, 0.5, 8, 3, 100, f, f, 8, new Quality(0.1, l0, 0, 1), Double.NaN, Double.NaN,
                null, List.of(), "resid_post", 1e-3, null, null, 0.7, null);
    }
}
