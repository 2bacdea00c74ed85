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
        double[][] ua = principal(aFD, rowsA, k);
        double[][] ub = principal(bGD, rowsB, k);
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
        return s / k;
    }

    /** Top-k eigenvectors ({@code [k, D]}) of the second moment of the chosen unit rows. */
    static double[][] principal(FloatMatrix xFD, int[] rows, int k) {
        int d = xFD.cols();
        double[][] m = new double[d][d];
        double[] u = new double[d];
        for (int r : rows) {
            double norm = 0;
            for (int c = 0; c < d; c++) {
                u[c] = xFD.get(r, c);
                norm += u[c] * u[c];
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                continue;
            }
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    m[i][j] += u[i] * u[j] / (norm * norm);
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
