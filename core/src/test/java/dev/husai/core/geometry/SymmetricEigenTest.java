package dev.husai.core.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.husai.core.tensor.FloatMatrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

    @Test
    void twoByTwoByHand() {
        // [[2,1],[1,2]]: eigenvalues 3 (vector (1,1)/sqrt2) and 1 (vector (1,-1)/sqrt2)
        SymmetricEigen e = SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}});
        assertEquals(3, e.values()[0], 1e-12);
        assertEquals(1, e.values()[1], 1e-12);
        assertEquals(1 / Math.sqrt(2), Math.abs(e.vectors()[0][0]), 1e-12);
        assertEquals(e.vectors()[0][0], e.vectors()[0][1], 1e-12);
        assertEquals(-e.vectors()[1][0], e.vectors()[1][1], 1e-12);
    }

    @Test
    void reconstructsARandomSymmetricMatrix() {
        int d = 40;
        Random rnd = new Random(3);
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                a[i][j] = rnd.nextGaussian();
                a[j][i] = a[i][j];
            }
        }
        SymmetricEigen e = SymmetricEigen.of(a);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += e.vectors()[k][i] * e.values()[k] * e.vectors()[k][j];
                }
                assertEquals(a[i][j], s, 1e-9, "A[" + i + "][" + j + "]");
            }
            assertEquals(1, dot(e.vectors()[i], e.vectors()[i]), 1e-9);
            if (i > 0) {
                assertEquals(0, dot(e.vectors()[i], e.vectors()[i - 1]), 1e-9);
                assertEquals(true, e.values()[i] <= e.values()[i - 1]);
            }
        }
    }

    @Test
    void rejectsANonSquareMatrix() {
        var ex = assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(new double[][] {{1, 2}, {3}}));
        assertEquals("expected a square matrix [2,2], found a row of 1", ex.getMessage());
    }

    @Test
    void subspaceOfAPlaneInFiveDimensions() {
        // points a*u + b*v + 3 (an offset) with u = e0, v = (e1 + e2)/sqrt2: rank 2, the offset is centred away
        Random rnd = new Random(5);
        int n = 500;
        float[] x = new float[n * 5];
        for (int r = 0; r < n; r++) {
            double a = rnd.nextGaussian() * 3;
            double b = rnd.nextGaussian();
            x[r * 5] = (float) (a + 3);
            x[r * 5 + 1] = (float) (b / Math.sqrt(2) + 3);
            x[r * 5 + 2] = (float) (b / Math.sqrt(2) + 3);
            x[r * 5 + 3] = 3;
            x[r * 5 + 4] = 3;
        }
        DataSubspace s = DataSubspace.of(new FloatMatrix(n, 5, x), 0.99);
        assertEquals(2, s.rank());
        assertEquals(1.0, s.varianceShare(), 1e-6);
        FloatMatrix inPlane = s.project(new FloatMatrix(1, 5, new float[] {0, 1, 1, 0, 0}));
        assertEquals(2.0, inPlane.data()[0] * inPlane.data()[0] + inPlane.data()[1] * inPlane.data()[1], 1e-5);
        FloatMatrix outside = s.project(new FloatMatrix(1, 5, new float[] {0, 1, -1, 1, 1}));
        assertEquals(0.0, Math.abs(outside.data()[0]) + Math.abs(outside.data()[1]), 1e-5);
    }

    @Test
    void subspaceRejectsBadInput() {
        FloatMatrix one = new FloatMatrix(1, 3, new float[] {1, 2, 3});
        assertEquals("expected at least 2 activation rows, found 1",
                assertThrows(IllegalArgumentException.class, () -> DataSubspace.of(one, 0.99)).getMessage());
        FloatMatrix two = new FloatMatrix(2, 3, new float[] {1, 2, 3, 4, 5, 6});
        assertEquals("expected a variance share in (0, 1], found 1.5",
                assertThrows(IllegalArgumentException.class, () -> DataSubspace.of(two, 1.5)).getMessage());
        DataSubspace s = DataSubspace.of(two, 0.99);
        assertEquals("expected rows of width 3, found [1,2]", assertThrows(IllegalArgumentException.class,
                () -> s.project(new FloatMatrix(1, 2, new float[] {1, 1}))).getMessage());
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
