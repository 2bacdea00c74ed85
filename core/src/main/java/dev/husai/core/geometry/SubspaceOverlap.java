package dev.husai.core.geometry;

import dev.husai.core.tensor.FloatMatrix;

/**
 * How much two sets of directions span the same subspace. Each set (rows of a dictionary) is summarised by
 * its top-k principal directions {@code U [k, D]} (eigenvectors of the second moment {@code sum_i u_i u_i^T}
 * of its unit rows); the overlap is {@code ||U_A U_B^T||_F^2 / k}, the mean squared cosine of the k principal
 * angles: 1 for the same subspace, 0 for orthogonal ones, {@code k / D} in expectation for random subspaces
 * (Absil, Edelman &amp; Koev 2006, "On the largest principal angle between random subspaces").
 *
 * <p>Used on feature families: the latents of one seed tuned to one key frequency tile that frequency's
 * circle (a 2-D subspace) at seed-dependent phases, so latent-by-latent matching fails while the families'
 * subspaces agree.
 */
public final class SubspaceOverlap {

    private SubspaceOverlap() {
    }

    /** Chance level of {@link #of} for random {@code k}-dimensional subspaces of {@code R^D}. */
    public static double randomBaseline(int k, int d) {
        return k / (double) d;
    }

    /**
     * Overlap of the top-{@code k} subspaces of {@code rowsA} of {@code aFD} and {@code rowsB} of {@code bGD}.
     *
     * @param k subspace dimension, at most the smaller set's size
     */
    public static double of(FloatMatrix aFD, int[] rowsA, FloatMatrix bGD, int[] rowsB, int k) {
        if (aFD.cols() != bGD.cols()) {
            throw new IllegalArgumentException("expected dictionaries of one width, found " + aFD.shape() + " and " + bGD.shape());
        }
        if (k < 1 || k > Math.min(rowsA.length, rowsB.length)) {
            throw new IllegalArgumentException("expected 1 <= k <= " + Math.min(rowsA.length, rowsB.length) + ", found " + k);
        }
        return overlap(principal(aFD, rowsA, k), principal(bGD, rowsB, k));
    }

    /**
     * Overlap {@code ||U_A U_B^T||_F^2 / k} of two orthonormal bases {@code [k, D]} from {@link #principal} (compute each
     * set's basis once when it is compared with many others).
     */
    public static double overlap(double[][] ua, double[][] ub) {
        double s = 0;
        for (double[] a : ua) {
            for (double[] b : ub) {
                double dot = 0;
                for (int c = 0; c < a.length; c++) {
                    dot += a[c] * b[c];
                }
                s += dot * dot;
            }
        }
        return s / ua.length;
    }

    /**
     * Top-k eigenvectors ({@code [k, D]}) of the second moment {@code M = X^T X} of the chosen unit rows
     * {@code X [m, D]}. With fewer rows than dimensions ({@code m < D}) they come from the small Gram matrix
     * {@code G = X X^T [m, m]}: if {@code G v = lambda v} then {@code M (X^T v) = lambda (X^T v)}, so
     * {@code u = X^T v / sqrt(lambda)} is a unit eigenvector of M with the same eigenvalue ({@code O(m^2 D + m^3)}
     * instead of the {@code O(D^3)} eigensolve: 512-dimensional mlp_post families cost milliseconds, not seconds). An
     * eigenvalue 0 (fewer independent rows than k) gives a zero row: it adds nothing to an overlap.
     */
    public static double[][] principal(FloatMatrix xFD, int[] rows, int k) {
        double[][] unit = unitRows(xFD, rows);
        int d = xFD.cols();
        return unit.length < d ? principalFromGram(unit, k, d) : principalFromMoment(unit, k, d);
    }

    private static double[][] unitRows(FloatMatrix xFD, int[] rows) {
        int d = xFD.cols();
        java.util.List<double[]> out = new java.util.ArrayList<>();
        for (int r : rows) {
            double[] u = new double[d];
            double norm = 0;
            for (int c = 0; c < d; c++) {
                u[c] = xFD.get(r, c);
                norm += u[c] * u[c];
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                continue;
            }
            for (int c = 0; c < d; c++) {
                u[c] /= norm;
            }
            out.add(u);
        }
        return out.toArray(double[][]::new);
    }

    private static double[][] principalFromGram(double[][] x, int k, int d) {
        int m = x.length;
        double[][] g = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = i; j < m; j++) {
                double dot = 0;
                for (int c = 0; c < d; c++) {
                    dot += x[i][c] * x[j][c];
                }
                g[i][j] = dot;
                g[j][i] = dot;
            }
        }
        SymmetricEigen eig = SymmetricEigen.of(g);
        double[][] out = new double[k][d];
        for (int e = 0; e < Math.min(k, m); e++) {
            double lambda = eig.values()[e];
            if (!(lambda > 1e-12)) {
                continue;
            }
            double scale = 1 / Math.sqrt(lambda);
            for (int i = 0; i < m; i++) {
                double w = eig.vectors()[e][i] * scale;
                for (int c = 0; c < d; c++) {
                    out[e][c] += w * x[i][c];
                }
            }
        }
        return out;
    }

    private static double[][] principalFromMoment(double[][] x, int k, int d) {
        double[][] m = new double[d][d];
        for (double[] u : x) {
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    m[i][j] += u[i] * u[j];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                m[i][j] = m[j][i];
            }
        }
        double[][] vectors = SymmetricEigen.of(m).vectors();
        double[][] out = new double[k][];
        System.arraycopy(vectors, 0, out, 0, k);
        return out;
    }
}
