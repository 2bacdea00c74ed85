package dev.husai.core.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.husai.core.tensor.FloatMatrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SubspaceOverlapTest {

    @Test
    void twoTilingsOfOnePlaneOverlapFullyAndOrthogonalPlanesNotAtAll() {
        // seed A tiles the (e0, e1) plane at 0, 60 and 120 degrees; seed B at 30 and 100 degrees; C lies in (e2, e3)
        FloatMatrix a = rows(4, angle(0, 0, 1), angle(60, 0, 1), angle(120, 0, 1));
        FloatMatrix b = rows(4, angle(30, 0, 1), angle(100, 0, 1));
        FloatMatrix c = rows(4, angle(10, 2, 3), angle(80, 2, 3));
        assertEquals(1.0, SubspaceOverlap.of(a, new int[] {0, 1, 2}, b, new int[] {0, 1}, 2), 1e-9);
        assertEquals(0.0, SubspaceOverlap.of(a, new int[] {0, 1, 2}, c, new int[] {0, 1}, 2), 1e-9);
        // half of the plane: (e0, e1) against (e0, e2) share one of two directions
        FloatMatrix d = rows(4, angle(0, 0, 2), angle(90, 0, 2));
        assertEquals(0.5, SubspaceOverlap.of(a, new int[] {0, 1, 2}, d, new int[] {0, 1}, 2), 1e-9);
    }

    @Test
    void theSmallGramPathGivesTheSameOverlapAsTheFullSecondMoment() {
        SplittableRandom rng = new SplittableRandom(7);
        int d = 40;
        float[] data = new float[60 * d];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        FloatMatrix x = new FloatMatrix(60, d, data);
        int[] few = {0, 3, 5, 9, 11};                       // 5 rows < 40 dims: the Gram path
        int[] many = new int[50];                           // 50 rows >= 40 dims: the second-moment path
        for (int i = 0; i < many.length; i++) {
            many[i] = i + 10;
        }
        for (int k = 1; k <= 3; k++) {
            double[][] small = SubspaceOverlap.principal(x, few, k);
            double viaGram = SubspaceOverlap.overlap(small, SubspaceOverlap.principal(x, many, k));
            double direct = SubspaceOverlap.overlap(moment(x, few, k), SubspaceOverlap.principal(x, many, k));
            assertEquals(direct, viaGram, 1e-9, "k = " + k);
            assertEquals(1.0, SubspaceOverlap.overlap(small, moment(x, few, k)), 1e-9, "same subspace, k = " + k);
        }
    }

    /** The top-k eigenvectors of the unit rows' D x D second moment, computed directly. */
    private static double[][] moment(FloatMatrix x, int[] rows, int k) {
        int d = x.cols();
        double[][] m = new double[d][d];
        for (int r : rows) {
            double norm = 0;
            for (int c = 0; c < d; c++) {
                norm += (double) x.get(r, c) * x.get(r, c);
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    m[i][j] += x.get(r, i) * (double) x.get(r, j) / norm;
                }
            }
        }
        double[][] v = SymmetricEigen.of(m).vectors();
        double[][] out = new double[k][];
        System.arraycopy(v, 0, out, 0, k);
        return out;
    }

    private static float[] angle(double degrees, int i, int j) {
        float[] u = new float[4];
        u[i] = (float) Math.cos(Math.toRadians(degrees));
        u[j] = (float) Math.sin(Math.toRadians(degrees));
        return u;
    }

    private static FloatMatrix rows(int d, float[]... rows) {
        float[] data = new float[rows.length * d];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, data, r * d, d);
        }
        return new FloatMatrix(rows.length, d, data);
    }
}
