package dev.husai.core.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.husai.core.align.Dictionaries;
import dev.husai.core.tensor.FloatMatrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The projection on the data subspace and the row normalisation give the bits of their one-chain definitions (each sum
 * in double, in column order), whatever the number of rows and basis vectors, zero rows included.
 */
class ProjectionBitsTest {

    @Test
    void theProjectionIsEachCoordinatesSumInColumnOrder() {
        Random rng = new Random(4);
        for (int trial = 0; trial < 40; trial++) {
            int d = 1 + rng.nextInt(40);
            int r = 1 + rng.nextInt(Math.min(d, 11));
            int f = rng.nextInt(30);
            FloatMatrix basis = gaussian(rng, r, d);
            FloatMatrix rows = gaussian(rng, f, d);
            FloatMatrix got = new DataSubspace(basis, new double[r], 1).project(rows);
            float[] expected = new float[f * r];
            for (int i = 0; i < f; i++) {
                for (int k = 0; k < r; k++) {
                    double s = 0;
                    for (int c = 0; c < d; c++) {
                        s += (double) rows.data()[i * d + c] * basis.data()[k * d + c];
                    }
                    expected[i * r + k] = (float) s;
                }
            }
            assertEquals(r, got.cols());
            assertArrayEquals(expected, got.data(), "trial " + trial + ": " + f + " x " + d + " onto " + r);
        }
    }

    @Test
    void normalisedRowsAreEachRowOverItsNormInDouble() {
        Random rng = new Random(6);
        for (int trial = 0; trial < 40; trial++) {
            int d = 1 + rng.nextInt(50);
            int f = rng.nextInt(23);
            FloatMatrix rows = gaussian(rng, f, d);
            if (f > 2) {
                java.util.Arrays.fill(rows.data(), d, 2 * d, 0f); // a dead latent: stays zero
            }
            float[] expected = new float[f * d];
            for (int i = 0; i < f; i++) {
                double ss = 0;
                for (int c = 0; c < d; c++) {
                    ss += (double) rows.data()[i * d + c] * rows.data()[i * d + c];
                }
                double scale = ss > 0 ? 1.0 / Math.sqrt(ss) : 0.0;
                for (int c = 0; c < d; c++) {
                    expected[i * d + c] = (float) (rows.data()[i * d + c] * scale);
                }
            }
            assertArrayEquals(expected, Dictionaries.normalizeRows(rows).data(), "trial " + trial + ": " + f + " x " + d);
        }
    }

    private static FloatMatrix gaussian(Random rng, int rows, int cols) {
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return new FloatMatrix(rows, cols, x);
    }
}
