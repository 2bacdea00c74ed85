package dev.husai.core.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Vector API row scan returns the scalar scan's column: the first of the largest free weights. */
class RowScanTest {

    @Test
    void theVectorScanIsTheScalarScan() {
        assertTrue(RowScan.VECTOR, "the tests run with --add-modules jdk.incubator.vector (surefire.argLine)");
        Random rng = new Random(3);
        for (int trial = 0; trial < 2000; trial++) {
            int g = 1 + rng.nextInt(trial % 4 == 0 ? 20 : 200);
            int base = rng.nextInt(7);
            float[] w = new float[base + g];
            for (int j = 0; j < w.length; j++) {
                // coarse values (ties), signed zeros, and now and then one large value in the tail
                w[j] = trial % 3 == 0 ? (rng.nextInt(5) - 2) * (rng.nextBoolean() ? 0f : 0.5f) : (float) rng.nextGaussian();
                if (w[j] == 0f && rng.nextBoolean()) {
                    w[j] = -0f;
                }
            }
            if (trial % 5 == 0) {
                w[base + g - 1] = 9f;
            }
            float[] penalty = null;
            if (trial % 2 == 1) {
                penalty = new float[g];
                for (int j = 0; j < g; j++) {
                    penalty[j] = rng.nextInt(3) == 0 ? Float.NEGATIVE_INFINITY : 0f;
                }
                penalty[rng.nextInt(g)] = 0f;
            }
            int scalar = RowScan.firstBest(w, base, penalty, 0, g, Float.NEGATIVE_INFINITY, -1);
            assertEquals(scalar, VectorRowScan.best(w, base, penalty, g), "trial " + trial + ", g " + g);
        }
    }

    @Test
    void theFirstOfEqualWeightsWins() {
        float[] w = new float[40];
        w[3] = -0f;
        w[20] = 0.5f;
        w[33] = 0.5f;
        assertEquals(20, RowScan.best(w, 0, null, 40));
        float[] taken = new float[40];
        taken[20] = Float.NEGATIVE_INFINITY;
        assertEquals(33, RowScan.best(w, 0, taken, 40));
        java.util.Arrays.fill(w, -1f);
        w[17] = -0f;
        w[25] = 0f;
        assertEquals(17, RowScan.best(w, 0, null, 40));
    }

    @Test
    void theFirstNonFiniteEntryIsFoundWhereverItIs() {
        Random rng = new Random(2);
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (int trial = 0; trial < 500; trial++) {
            float[] x = new float[rng.nextInt(100)];
            for (int j = 0; j < x.length; j++) {
                // the largest finite floats too: their product with 0 is 0, not NaN
                x[j] = rng.nextInt(4) == 0 ? (rng.nextBoolean() ? Float.MAX_VALUE : -Float.MAX_VALUE) : (float) rng.nextGaussian();
            }
            int at = x.length == 0 || trial % 3 == 0 ? -1 : rng.nextInt(x.length);
            if (at >= 0) {
                x[at] = bad[trial % 3];
                if (at + 1 < x.length && rng.nextBoolean()) {
                    x[at + 1 + rng.nextInt(x.length - at - 1)] = bad[rng.nextInt(3)]; // a later one changes nothing
                }
            }
            assertEquals(at, RowScan.firstNonFinite(x), "trial " + trial + ", length " + x.length);
        }
    }
}
