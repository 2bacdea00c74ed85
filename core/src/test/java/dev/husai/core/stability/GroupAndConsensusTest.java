package dev.husai.core.stability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroupAndConsensusTest {

    /** Seed 0 random; seed 1 = seed 0 reversed with latents {0,1} (of seed 0) replaced; seed 2 = seed 0 with {1,2} replaced. */
    private static List<SaeDictionaries> threeSeeds() {
        SaeDictionaries s0 = StabilityFixtures.randomSae(20, 32, 10);
        int[] rev = StabilityFixtures.reversed(20);
        SaeDictionaries s1 = StabilityFixtures.permuted(StabilityFixtures.withReplaced(s0, new int[] {0, 1}, 11), rev);
        SaeDictionaries s2 = StabilityFixtures.withReplaced(s0, new int[] {1, 2}, 12);
        return List.of(s0, s1, s2);
    }

    @Test
    void groupAggregatesAllPairsWithBaselines() {
        GroupStability g = GroupStability.of(threeSeeds(), 0.7);
        assertEquals(3, g.pairs().size());
        assertEquals(1, g.pairs().get(1).a() + g.pairs().get(1).b() - 1);
        assertEquals(3, g.sharedFraction().n());
        assertEquals(18.0 / 20, g.sharedFraction().max(), 1e-12);
        assertEquals(17.0 / 20, g.sharedFraction().min(), 1e-12);
        assertTrue(g.sharedFraction().ci95Low() <= g.sharedFraction().mean());
        double base = g.pairs().get(0).report().randomBaseline().pwMccDecoder();
        assertEquals(g.pwMccDecoder().mean() - base, g.excessPwMccDecoder().mean(), 1e-9);
    }

    @Test
    void consensusCountsPartnersAndFindsUniversalLatents() {
        GroupStability g = GroupStability.of(threeSeeds(), 0.7);
        Consensus c = Consensus.of(new int[] {20, 20, 20}, g.pairs(), 0.7);
        assertEquals(0, c.counts()[0][1], "latent 1 was replaced in both other seeds");
        assertEquals(1, c.counts()[0][0], "latent 0 survives only in seed 2");
        assertEquals(1, c.counts()[0][2], "latent 2 survives only in seed 1");
        assertEquals(2, c.counts()[0][3]);
        assertArrayEquals(java.util.stream.IntStream.range(3, 20).toArray(), c.universal(0));
        assertArrayEquals(new int[] {1}, c.orphans(0));
        assertArrayEquals(new int[] {1, 2, 17}, c.countHistogram(0));
        assertEquals(17, c.universal(1).length, "seed 1 sees the same 17 universal latents, reversed");
        assertEquals(17.0 / 20, c.universalFraction(2), 1e-12);
    }

    @Test
    void summaryUsesStudentT() {
        Summary s = Summary.of(new double[] {1, 2, 3});
        assertEquals(2, s.mean(), 1e-12);
        assertEquals(2 - 4.303 * 1 / Math.sqrt(3), s.ci95Low(), 1e-9);
        assertEquals(5, Summary.of(new double[] {5}).ci95High());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Summary.of(new double[0]));
        assertTrue(e.getMessage().contains("expected at least one value"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GroupStability.of(List.of(threeSeeds().get(0)), 0.7));
    }

    @Test
    void baselinedValueKeepsExcessConsistent() {
        BaselinedValue v = BaselinedValue.of(0.8, 0.3);
        assertEquals(0.5, v.excess(), 1e-12);
        assertEquals(0.5 / 0.7, v.normalizedExcess(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new BaselinedValue(0.8, 0.3, 0.1));
    }
}
