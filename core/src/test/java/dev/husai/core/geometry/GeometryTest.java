package dev.husai.core.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.align.Dictionaries;
import dev.husai.core.stability.Baselines;
import dev.husai.core.tensor.FloatMatrix;
import org.junit.jupiter.api.Test;

class GeometryTest {

    private static FloatMatrix identity(int n) {
        FloatMatrix m = FloatMatrix.zeros(n, n);
        for (int i = 0; i < n; i++) {
            m.set(i, i, 1);
        }
        return m;
    }

    @Test
    void orthonormalBasisHasNoInterference() {
        Interference in = Interference.of(identity(8), 10);
        assertEquals(0.0, in.meanAbs(), 1e-7);
        assertEquals(0.0, in.maxAbs(), 1e-7);
        assertEquals(28, in.histogram().total());
        assertEquals(28, in.histogram().counts()[5], "all off-diagonal cosines land in the bin starting at 0");
    }

    @Test
    void randomDirectionsInterfereAboutOneOverSqrtD() {
        Interference in = Interference.of(Baselines.randomUnit(400, 64, 1), 20);
        assertEquals(1 / Math.sqrt(64), in.rmsCos(), 0.01);
        assertTrue(in.maxAbs() > in.meanAbs());
    }

    @Test
    void participationRatioOfBasisIsDAndOfCollinearRowsIsOne() {
        assertEquals(8.0, EffectiveDimension.participationRatio(identity(8), false), 1e-5);
        FloatMatrix collinear = new FloatMatrix(3, 4, new float[] {1, 2, 0, 0, 2, 4, 0, 0, -1, -2, 0, 0});
        assertEquals(1.0, EffectiveDimension.participationRatio(collinear, false), 1e-5);
        assertEquals(2.0, EffectiveDimension.ofSubset(identity(8), new int[] {1, 6}), 1e-5);
        assertEquals(0.0, EffectiveDimension.participationRatio(new FloatMatrix(0, 4, new float[0]), false));
    }

    @Test
    void ckaIsOneForPermutedRotatedCopiesAndLowForRandom() {
        FloatMatrix a = Baselines.randomUnit(50, 16, 2);
        int[] perm = new int[50];
        for (int i = 0; i < 50; i++) {
            perm[i] = (i * 7) % 50;
        }
        assertEquals(1.0, Cka.dictionaries(a, Dictionaries.selectRows(a, perm)), 1e-4);
        FloatMatrix x = Baselines.randomUnit(200, 30, 3);
        FloatMatrix xScaled = new FloatMatrix(200, 30, x.data().clone());
        for (int k = 0; k < xScaled.data().length; k++) {
            xScaled.data()[k] *= 3;
        }
        assertEquals(1.0, Cka.linear(x, xScaled), 1e-4);
        double rnd = Cka.linear(x, Baselines.randomUnit(200, 30, 4));
        assertTrue(rnd < 0.3 && rnd > 0, "random CKA " + rnd);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cka.linear(x, Baselines.randomUnit(100, 30, 4)));
        assertTrue(e.getMessage().contains("expected Y with N=200") && e.getMessage().contains("found [100,30]"), e.getMessage());
    }

    @Test
    void clustersJoinNearDuplicates() {
        FloatMatrix m = new FloatMatrix(5, 3, new float[] {
            1, 0, 0,
            0.99f, 0.1f, 0,
            0, 1, 0,
            0, 0, 1,
            0.1f, 0.98f, 0});
        DirectionClusters c = DirectionClusters.of(m, 0.9);
        assertEquals(3, c.count());
        assertArrayEquals(new int[] {0, 0, 1, 2, 1}, c.labels());
        assertArrayEquals(new int[] {2, 2, 1}, c.sizes());
        assertEquals(2, c.multiLatentClusters());
        assertEquals(5, DirectionClusters.of(m, 0.999).count());
    }

    @Test
    void interferenceFromAGramReadsEachRowsLargestOffDiagonalFromThatRow() {
        // a hand-made 3 x 3 "Gram" whose two triangles differ, so each row's maximum must come from its own row
        FloatMatrix gram = new FloatMatrix(3, 3, new float[] {1f, 0.2f, -0.5f, 0.3f, 1f, 0.1f, -0.4f, 0.6f, 1f});
        Interference in = Interference.ofGram(gram, 4);
        assertArrayEquals(new float[] {0.5f, 0.3f, 0.6f}, in.maxAbsPerLatent());
        assertEquals((0.2 + 0.5 + 0.1) / 3, in.meanAbs(), 1e-6);
        assertEquals(0.5, in.maxAbs(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> Interference.ofGram(new FloatMatrix(2, 3, new float[6]), 4));
    }
}
