package dev.husai.core.geometry;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Eigen-decomposition of a small symmetric matrix {@code A [D,D] = V diag(lambda) V^T} by the cyclic
 * Jacobi method (Golub &amp; Van Loan, Matrix Computations, 4th ed., section 8.5): rotations zero each
 * off-diagonal entry in turn until the off-diagonal norm is below {@code 1e-12 ||A||_F}. O(D^3) per sweep,
 * a handful of sweeps; meant for D <= ~1000 (the testbed's D is 128 or 512).
 *
 * @param values  eigenvalues, descending, {@code [D]}
 * @param vectors eigenvectors as ROWS, {@code [D,D]}, row i belongs to {@code values[i]}, unit norm
 */
public record SymmetricEigen(double[] values, double[][] vectors) {

    private static final int MAX_SWEEPS = 100;

    /** Decomposes {@code a} (row-major {@code [D,D]}, symmetric; only read, never written). */
    public static SymmetricEigen of(double[][] a) {
        int d = a.length;
        double[][] m = new double[d][];
        for (int i = 0; i < d; i++) {
            if (a[i].length != d) {
                throw new IllegalArgumentException("expected a square matrix [" + d + "," + d + "], found a row of " + a[i].length);
            }
            m[i] = a[i].clone();
        }
        double[][] v = identity(d);
        double scale = frobenius(m);
        for (int sweep = 0; sweep < MAX_SWEEPS && offDiagonal(m) > 1e-12 * scale; sweep++) {
            for (int p = 0; p < d - 1; p++) {
                for (int q = p + 1; q < d; q++) {
                    rotate(m, v, p, q);
                }
            }
        }
        return sorted(m, v);
    }

    /** One Jacobi rotation in the (p, q) plane that zeroes {@code m[p][q]}; accumulates it into {@code v}. */
    private static void rotate(double[][] m, double[][] v, int p, int q) {
        double apq = m[p][q];
        if (apq == 0) {
            return;
        }
        double theta = (m[q][q] - m[p][p]) / (2 * apq);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        int d = m.length;
        for (int k = 0; k < d; k++) {
            double mkp = m[k][p];
            double mkq = m[k][q];
            m[k][p] = c * mkp - s * mkq;
            m[k][q] = s * mkp + c * mkq;
        }
        for (int k = 0; k < d; k++) {
            double mpk = m[p][k];
            double mqk = m[q][k];
            m[p][k] = c * mpk - s * mqk;
            m[q][k] = s * mpk + c * mqk;
        }
        for (int k = 0; k < d; k++) {
            double vpk = v[p][k];
            double vqk = v[q][k];
            v[p][k] = c * vpk - s * vqk;
            v[q][k] = s * vpk + c * vqk;
        }
    }

    private static SymmetricEigen sorted(double[][] m, double[][] v) {
        int d = m.length;
        Integer[] order = IntStream.range(0, d).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> m[i][i]).reversed());
        double[] values = new double[d];
        double[][] vectors = new double[d][];
        for (int i = 0; i < d; i++) {
            values[i] = m[order[i]][order[i]];
            vectors[i] = v[order[i]];
        }
        return new SymmetricEigen(values, vectors);
    }

    private static double[][] identity(int d) {
        double[][] v = new double[d][d];
        for (int i = 0; i < d; i++) {
            v[i][i] = 1;
        }
        return v;
    }

    private static double offDiagonal(double[][] m) {
        double s = 0;
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                if (i != j) {
                    s += m[i][j] * m[i][j];
                }
            }
        }
        return Math.sqrt(s);
    }

    private static double frobenius(double[][] m) {
        double s = 0;
        for (double[] row : m) {
            for (double x : row) {
                s += x * x;
            }
        }
        return Math.sqrt(s);
    }
}
