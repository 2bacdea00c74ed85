package dev.husai.core.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.tensor.FloatMatrix;
import org.junit.jupiter.api.Test;

class CosineMatrixTest {

    @Test
    void matchesNaiveCosines() {
        FloatMatrix a = AlignFixtures.gaussian(7, 5, 1);
        FloatMatrix b = AlignFixtures.gaussian(4, 5, 2);
        FloatMatrix c = CosineMatrix.of(a, b);
        assertEquals(7, c.rows());
        assertEquals(4, c.cols());
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 4; j++) {
                double dot = 0;
                double na = 0;
                double nb = 0;
                for (int k = 0; k < 5; k++) {
                    dot += a.get(i, k) * b.get(j, k);
                    na += a.get(i, k) * a.get(i, k);
                    nb += b.get(j, k) * b.get(j, k);
                }
                assertEquals(dot / Math.sqrt(na * nb), c.get(i, j), 1e-5, "C[" + i + "," + j + "]");
            }
        }
    }

    @Test
    void handComputedUnitVectors() {
        FloatMatrix a = new FloatMatrix(2, 2, new float[] {3, 0, 1, 1});
        FloatMatrix b = new FloatMatrix(1, 2, new float[] {0, 2});
        FloatMatrix c = CosineMatrix.of(a, b);
        assertEquals(0f, c.get(0, 0), 1e-7f);
        assertEquals((float) Math.sqrt(0.5), c.get(1, 0), 1e-6f);
    }

    @Test
    void zeroRowHasCosineZero() {
        FloatMatrix a = new FloatMatrix(1, 3, new float[] {0, 0, 0});
        assertEquals(0f, CosineMatrix.of(a, AlignFixtures.gaussian(2, 3, 3)).get(0, 1));
    }

    @Test
    void mismatchedDimSaysExpectedAndFound() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CosineMatrix.of(AlignFixtures.gaussian(4, 128, 1), AlignFixtures.gaussian(4, 64, 2)));
        assertTrue(e.getMessage().contains("expected dictionary B [G,128]") && e.getMessage().contains("found [4,64]"),
                e.getMessage());
    }

    @Test
    void nanAndEmptyAreRejected() {
        FloatMatrix bad = AlignFixtures.gaussian(3, 3, 1);
        bad.set(2, 0, Float.NaN);
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> CosineMatrix.of(AlignFixtures.gaussian(3, 3, 2), bad));
        assertTrue(nan.getMessage().contains("found NaN at [2,0]"), nan.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> CosineMatrix.of(new FloatMatrix(0, 3, new float[0]), bad));
        assertTrue(empty.getMessage().contains("expected non-empty dictionary A") && empty.getMessage().contains("found [0,3]"),
                empty.getMessage());
    }
}
