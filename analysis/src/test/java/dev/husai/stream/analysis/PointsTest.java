package dev.husai.stream.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.husai.core.stability.CrystallizationTracker;
import java.util.List;
import org.junit.jupiter.api.Test;

class PointsTest {

    @Test
    void crystallizationRunsGroupCurrentRunsByTheirStartAndCountEarlierDivergences() {
        CrystallizationTracker t = new CrystallizationTracker(4, 0.7);
        t.update(10, new float[] {0.9f, 0.9f, 0.1f, 0.9f});
        t.update(20, new float[] {0.9f, 0.1f, 0.9f, 0.9f});
        t.update(30, new float[] {0.9f, 0.9f, 0.9f, 0.1f});
        // latent 0: stable since 10; 1: lost at 20, found again at 30 (diverged once); 2: since 20; 3: lost at 30
        assertEquals(List.of(List.of(10L, 1L, 0L), List.of(20L, 1L, 0L), List.of(30L, 1L, 1L)),
                Points.crystallizationRuns(t, 4));
    }
}
