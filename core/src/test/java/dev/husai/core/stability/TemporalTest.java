package dev.husai.core.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TemporalTest {

    private static final float N = Float.NaN;

    @Test
    void crystallizationOnHandBuiltSequence() {
        // latent 0: crystallizes at 200, stays; 1: up at 100, down at 300 (divergence), up again at 400;
        // 2: never above; 3: above from the start; 4: up at 300 then unmatched (NaN) at 400.
        float[][] scores = {
            {0.1f, 0.8f, 0.2f, 0.9f, 0.0f},
            {0.5f, 0.9f, 0.3f, 0.95f, 0.1f},
            {0.75f, 0.65f, 0.1f, 0.9f, 0.8f},
            {0.8f, 0.71f, 0.6f, 0.9f, N},
        };
        CrystallizationTracker t = new CrystallizationTracker(5, 0.7);
        assertTrue(t.update(100, scores[0]).isEmpty());
        assertTrue(t.update(200, scores[1]).isEmpty());
        List<DivergenceEvent> at300 = t.update(300, scores[2]);
        assertEquals(List.of(new DivergenceEvent(1, 300, 100, 0.65f)), at300);
        List<DivergenceEvent> at400 = t.update(400, scores[3]);
        assertEquals(1, at400.size());
        assertEquals(4, at400.get(0).latent());
        assertEquals(300, at400.get(0).stableSince());
        assertEquals(300, t.crystallizationStep(0));
        assertEquals(400, t.crystallizationStep(1));
        assertEquals(CrystallizationTracker.NONE, t.crystallizationStep(2));
        assertEquals(100, t.crystallizationStep(3));
        assertEquals(CrystallizationTracker.NONE, t.crystallizationStep(4));
        assertEquals(3, t.crystallizedCount());
        assertTrue(t.everDiverged(1));
        assertFalse(t.everDiverged(0));
        assertEquals(2, t.events().size());
    }

    @Test
    void crystallizationRejectsOutOfOrderAndWrongWidth() {
        CrystallizationTracker t = new CrystallizationTracker(2, 0.7);
        t.update(10, new float[] {1, 1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.update(10, new float[] {1, 1}));
        assertTrue(e.getMessage().contains("expected step > 10, found 10"), e.getMessage());
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> t.update(20, new float[] {1}));
        assertTrue(w.getMessage().contains("expected 2 scores, found 1"), w.getMessage());
    }

    @Test
    void driftOfAPermutedSnapshotIsMatchedButNotSameIndex() {
        SaeDictionaries s0 = StabilityFixtures.randomSae(64, 32, 1);
        SaeDictionaries s1 = StabilityFixtures.permuted(s0, StabilityFixtures.reversed(64));
        DriftTracker tracker = new DriftTracker();
        assertEquals(Optional.empty(), tracker.update(0, s0));
        Drift same = tracker.update(10, s0).orElseThrow();
        assertEquals(1.0, same.sameIndexMeanCos(), 1e-5);
        assertEquals(1.0, same.identityFraction());
        Drift perm = tracker.update(20, s1).orElseThrow();
        assertEquals(10, perm.fromStep());
        assertEquals(1.0, perm.matchedPwMcc(), 1e-5);
        assertEquals(0.0, perm.identityFraction());
        assertTrue(Math.abs(perm.sameIndexMeanCos()) < 0.1, "same-index cos " + perm.sameIndexMeanCos());
        assertThrows(IllegalArgumentException.class, () -> tracker.update(15, s0));
    }

    @Test
    void trackerFedFromPairScores() {
        SaeDictionaries a = StabilityFixtures.randomSae(10, 16, 3);
        SaeDictionaries b = StabilityFixtures.withReplaced(a, new int[] {4}, 4);
        PairStability p = PairMetrics.compare(a, b);
        CrystallizationTracker t = new CrystallizationTracker(10, 0.7);
        t.update(1, p.sharedScoresOfA(10));
        assertEquals(9, t.crystallizedCount());
        assertEquals(CrystallizationTracker.NONE, t.crystallizationStep(4));
    }
}
