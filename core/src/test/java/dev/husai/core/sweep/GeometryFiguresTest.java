package dev.husai.core.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.husai.core.geometry.DirectionClusters;
import dev.husai.core.geometry.Interference;
import dev.husai.core.tensor.FloatMatrix;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeometryFiguresTest {

    /** d0 = d1 = e1, d2 = e2, d3 = (0, 0.6, 0.8): max |cos| to another latent 1, 1, 0.6, 0.6; one cluster {0, 1}. */
    private static final FloatMatrix DEC = new FloatMatrix(4, 3, new float[] {1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0.6f, 0.8f});

    @Test
    void sharedAndOrphanFiguresAreMeansOverSeedsOfHandComputedValues() {
        Interference interference = Interference.of(DEC, 20);
        assertArrayEquals(new float[] {1, 1, 0.6f, 0.6f}, interference.maxAbsPerLatent(), 1e-6f);
        DirectionClusters clusters = DirectionClusters.of(DEC, 0.9);
        // seed A: latents 0, 1 shared (partners in 1 and 2 other seeds), 2, 3 orphans; 0, 1, 3 in a Fourier family
        GeometryFigures.Seed a = new GeometryFigures.Seed(DEC, new int[] {1, 2, 0, 0}, interference, clusters,
                new boolean[] {true, true, false, true});
        // seed B: every latent an orphan (its shared figures are NaN and left out of the means), no testbed
        GeometryFigures.Seed b = new GeometryFigures.Seed(DEC, new int[] {0, 0, 0, 0}, interference, clusters, null);
        GeometryFigures g = GeometryFigures.of(List.of(a, b));
        assertEquals(0.25, g.sharedShare(), 1e-9, "(2/4 + 0/4) / 2");
        assertEquals(1.0, g.sharedInterference(), 1e-6, "seed A only: (1 + 1) / 2");
        assertEquals(0.7, g.orphanInterference(), 1e-6, "A (0.6 + 0.6)/2, B (1 + 1 + 0.6 + 0.6)/4");
        assertEquals(1.0, g.sharedEffDim(), 1e-6, "two copies of e1 span one dimension");
        // A's orphans e2, (0, .6, .8): M = [[1.36, .48], [.48, .64]], tr 2, ||M||_F^2 2.72 -> 4 / 2.72;
        // B's four rows: tr 4, ||M||_F^2 6.72 -> 16 / 6.72
        assertEquals((4 / 2.72 + 16 / 6.72) / 2, g.orphanEffDim(), 1e-5);
        assertEquals(1.0, g.sharedClustered(), 1e-9, "both shared latents sit in the cluster {0, 1}");
        assertEquals(0.25, g.orphanClustered(), 1e-9, "A 0 of 2, B 2 of 4");
        assertEquals(1.0, g.sharedInFamily(), 1e-9);
        assertEquals(0.5, g.orphanInFamily(), 1e-9, "seed A only: latent 3 of orphans 2, 3");
    }
}
