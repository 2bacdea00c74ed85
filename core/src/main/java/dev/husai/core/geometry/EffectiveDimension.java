package dev.husai.core.geometry;

import dev.husai.core.align.CosineMatrix;
import dev.husai.core.align.Dictionaries;
import dev.husai.core.tensor.FloatMatrix;

/**
 * Participation ratio (effective dimension) of a set of N vectors in D dimensions:
 * {@code PR = (sum_k lambda_k)^2 / sum_k lambda_k^2}, lambda the eigenvalues of the second-moment matrix
 * {@code M = X^T X [D, D]} (of the covariance when centred). Computed without an eigensolver as
 * {@code PR = tr(M)^2 / ||M||_F^2}. Ranges from 1 (all rows collinear) to {@code min(N, D)} (isotropic).
 * Rows are unit-normalised first, so only directions count.
 */
public final class EffectiveDimension {

    private EffectiveDimension() {
    }

    /**
     * Participation ratio of the rows of {@code rowsND}.
     *
     * @param centre subtract the mean row first (covariance) instead of the raw second moment
     * @return PR in {@code [1, min(N, D)]}; 0 for an empty set or all-zero rows
     */
    public static double participationRatio(FloatMatrix rowsND, boolean centre) {
        if (rowsND.rows() == 0) {
            return 0.0;
        }
        Dictionaries.requireValid(rowsND, "rows");
        FloatMatrix x = Dictionaries.normalizeRows(rowsND);
        if (centre) {
            x = centreColumns(x);
        }
        FloatMatrix xT = x.transpose();
        FloatMatrix mDD = CosineMatrix.product(xT, xT);
        int d = mDD.rows();
        double trace = 0;
        double frob = 0;
        for (int i = 0; i < d; i++) {
            trace += mDD.get(i, i);
        }
        for (float v : mDD.data()) {
            frob += (double) v * v;
        }
        return frob == 0 ? 0.0 : trace * trace / frob;
    }

    /** Participation ratio (uncentred) of the rows {@code indices} of {@code dictFD}, e.g. stable latents. */
    public static double ofSubset(FloatMatrix dictFD, int[] indices) {
        return participationRatio(Dictionaries.selectRows(dictFD, indices), false);
    }

    /** Copy of {@code x [N, C]} with each column's mean removed. */
    static FloatMatrix centreColumns(FloatMatrix x) {
        int n = x.rows();
        int c = x.cols();
        double[] mean = new double[c];
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < c; k++) {
                mean[k] += x.data()[r * c + k];
            }
        }
        float[] out = new float[x.data().length];
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < c; k++) {
                out[r * c + k] = (float) (x.data()[r * c + k] - mean[k] / n);
            }
        }
        return new FloatMatrix(n, c, out);
    }
}
