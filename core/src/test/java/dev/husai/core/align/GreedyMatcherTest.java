package dev.husai.core.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.husai.core.tensor.FloatMatrix;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The greedy matcher picks exactly what a plain greedy picks: the reference here rescans every unmatched row's best
 * free column with a scalar loop and takes the largest (first row on ties), ties to the first column included.
 */
class GreedyMatcherTest {

    @Test
    void aHandCheckedCase() {
        // the largest entry (0.9 at row 1, col 0) goes first; row 0's best (col 0) is then taken, so it gets col 2
        FloatMatrix w = new FloatMatrix(2, 3, new float[] {0.8f, 0.1f, 0.5f, 0.9f, 0.2f, 0.3f});
        Matching m = GreedyMatcher.maximize(w);
        assertArrayEquals(new int[] {2, 0}, colOfRow(m, 2));
    }

    @Test
    void theMatcherGivesThePlainGreedysMatching() {
        Random rng = new Random(12);
        for (int trial = 0; trial < 60; trial++) {
            int f = 1 + rng.nextInt(trial % 3 == 0 ? 40 : 120);
            int g = 1 + rng.nextInt(trial % 3 == 0 ? 40 : 120);
            float[] x = new float[f * g];
            for (int i = 0; i < x.length; i++) {
                // coarse values make ties common; a shared column profile makes every row want the same columns
                x[i] = trial % 2 == 0 ? rng.nextInt(6) / 5f : (float) (rng.nextGaussian() + 2 * Math.sin(i % g));
            }
            FloatMatrix w = new FloatMatrix(f, g, x);
            assertArrayEquals(reference(x, f, g), colOfRow(GreedyMatcher.maximize(w), f), "trial " + trial + ": " + f + " x " + g);
        }
    }

    @Test
    void onCosinesItIsTheMatchingOfTheirMatrixBlockByBlock() {
        Random rng = new Random(5);
        for (int trial = 0; trial < 30; trial++) {
            int f = 1 + rng.nextInt(trial < 10 ? 30 : 300);
            int g = 1 + rng.nextInt(trial < 10 ? 30 : 300);
            int d = 1 + rng.nextInt(6);
            // small integer rows: every product exact in float, so the blocked and the whole product agree bit for bit;
            // ties between equal products everywhere
            FloatMatrix a = integers(rng, f, d);
            FloatMatrix b = integers(rng, g, d);
            Matching whole = GreedyMatcher.maximize(CosineMatrix.ofNormalized(a, b));
            Matching blocked = GreedyMatcher.maximizeCosines(a, b);
            assertEquals(whole, blocked, "trial " + trial + ": " + f + " x " + g + " x " + d);
            assertArrayEquals(reference(CosineMatrix.ofNormalized(a, b).data(), f, g), colOfRow(blocked, f));
        }
    }

    @Test
    void nonFiniteInputIsNamed() {
        FloatMatrix w = new FloatMatrix(2, 2, new float[] {0.1f, Float.NaN, 0.3f, 0.2f});
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> GreedyMatcher.maximize(w));
        assertEquals("expected finite weights in [2,2], found NaN at [0,1]", e.getMessage());
        FloatMatrix a = new FloatMatrix(1, 2, new float[] {Float.POSITIVE_INFINITY, 0f});
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> GreedyMatcher.maximizeCosines(a, a));
        assertEquals("expected finite dictionary A [1,2], found Infinity", e.getMessage());
    }

    private static FloatMatrix integers(Random rng, int rows, int d) {
        float[] x = new float[rows * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextInt(5) - 2;
        }
        return new FloatMatrix(rows, d, x);
    }

    private static int[] colOfRow(Matching m, int f) {
        int[] out = new int[f];
        Arrays.fill(out, -1);
        for (int k = 0; k < m.size(); k++) {
            out[m.rows()[k]] = m.cols()[k];
        }
        return out;
    }

    /** Greedy by descending weight with lazy rescans over the free columns (the first best column wins a tie). */
    private static int[] reference(float[] w, int f, int g) {
        boolean[] used = new boolean[g];
        int[] colOfRow = new int[f];
        Arrays.fill(colOfRow, -1);
        int[] best = new int[f];
        for (int i = 0; i < f; i++) {
            best[i] = bestFree(w, i, g, used);
        }
        for (int matched = 0; matched < Math.min(f, g); ) {
            int row = -1;
            for (int i = 0; i < f; i++) {
                if (colOfRow[i] < 0 && (row < 0 || w[i * g + best[i]] > w[row * g + best[row]])) {
                    row = i;
                }
            }
            if (used[best[row]]) {
                best[row] = bestFree(w, row, g, used);
                continue;
            }
            used[best[row]] = true;
            colOfRow[row] = best[row];
            matched++;
        }
        return colOfRow;
    }

    private static int bestFree(float[] w, int row, int g, boolean[] used) {
        int best = -1;
        for (int j = 0; j < g; j++) {
            if (!used[j] && (best < 0 || w[row * g + j] > w[row * g + best])) {
                best = j;
            }
        }
        return best;
    }
}
