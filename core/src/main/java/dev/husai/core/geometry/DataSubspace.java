package dev.husai.core.geometry;

import dev.husai.core.align.Dictionaries;
import dev.husai.core.tensor.FloatMatrix;

/**
 * The principal subspace of a set of activations: the top-r eigenvectors of their covariance
 * {@code C = (1/N) sum_n (x_n - mean)(x_n - mean)^T [D,D]}, with r the smallest rank whose eigenvalues hold
 * {@code varianceShare} of the trace.
 *
 * <p>Why (a HUSAI finding on the testbed): when activations fill only a few of the D directions, an SAE's
 * gradients never touch the components of its decoder rows outside that span, so those keep their random
 * initial values and dominate raw cosines between seeds. Projecting dictionaries on the data's span
 * ({@link #project}) before matching measures agreement where the data lives; the random baseline is
 * then taken in r dimensions.
 *
 * @param basisRD     orthonormal basis of the subspace as rows, {@code [r, D]}
 * @param eigenvalues all D covariance eigenvalues, descending
 * @param varianceShare share of the variance the subspace holds (>= the requested share)
 */
public record DataSubspace(FloatMatrix basisRD, double[] eigenvalues, double varianceShare) {

    /** Default share of variance kept. */
    public static final double DEFAULT_SHARE = 0.99;

    /**
     * Principal subspace of {@code actsND} ({@code [N, D]}, N >= 2) holding {@code share} of the variance.
     *
     * @param share in (0, 1]
     */
    public static DataSubspace of(FloatMatrix actsND, double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("expected a variance share in (0, 1], found " + share);
        }
        if (actsND.rows() < 2) {
            throw new IllegalArgumentException("expected at least 2 activation rows, found " + actsND.rows());
        }
        Dictionaries.requireValid(actsND, "activations");
        SymmetricEigen eig = SymmetricEigen.of(covariance(actsND));
        double total = 0;
        for (double l : eig.values()) {
            total += Math.max(0, l);
        }
        int d = actsND.cols();
        int r = 0;
        double kept = 0;
        while (r < d && (r == 0 || kept < share * total)) {
            kept += Math.max(0, eig.values()[r]);
            r++;
        }
        float[] basis = new float[r * d];
        for (int i = 0; i < r; i++) {
            for (int c = 0; c < d; c++) {
                basis[i * d + c] = (float) eig.vectors()[i][c];
            }
        }
        return new DataSubspace(new FloatMatrix(r, d, basis), eig.values(), total == 0 ? 1 : kept / total);
    }

    /** Rank r of the subspace. */
    public int rank() {
        return basisRD.rows();
    }

    /**
     * Coordinates of each row in the subspace: {@code rowsFD . basis^T -> [F, r]}, each coordinate
     * {@code sum_c x[f,c] b[i,c]} accumulated in double in column order. Four coordinates of a row are accumulated
     * side by side (four independent chains instead of one: the same sums, the same bits, about 3x the throughput).
     */
    public FloatMatrix project(FloatMatrix rowsFD) {
        if (rowsFD.cols() != basisRD.cols()) {
            throw new IllegalArgumentException("expected rows of width " + basisRD.cols() + ", found " + rowsFD.shape());
        }
        int r = rank();
        int d = basisRD.cols();
        float[] out = new float[rowsFD.rows() * r];
        float[] b = basisRD.data();
        float[] x = rowsFD.data();
        for (int f = 0; f < rowsFD.rows(); f++) {
            int row = f * d;
            int i = 0;
            for (; i + 4 <= r; i += 4) {
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                for (int c = 0; c < d; c++) {
                    double xc = x[row + c];
                    s0 += xc * b[i * d + c];
                    s1 += xc * b[(i + 1) * d + c];
                    s2 += xc * b[(i + 2) * d + c];
                    s3 += xc * b[(i + 3) * d + c];
                }
                out[f * r + i] = (float) s0;
                out[f * r + i + 1] = (float) s1;
                out[f * r + i + 2] = (float) s2;
                out[f * r + i + 3] = (float) s3;
            }
            for (; i < r; i++) {
                double s = 0;
                for (int c = 0; c < d; c++) {
                    s += (double) x[row + c] * b[i * d + c];
                }
                out[f * r + i] = (float) s;
            }
        }
        return new FloatMatrix(rowsFD.rows(), r, out);
    }

    /** Covariance {@code [D,D]} of the rows, in double precision. */
    static double[][] covariance(FloatMatrix xND) {
        int n = xND.rows();
        int d = xND.cols();
        double[] mean = new double[d];
        float[] x = xND.data();
        for (int row = 0; row < n; row++) {
            for (int c = 0; c < d; c++) {
                mean[c] += x[row * d + c];
            }
        }
        for (int c = 0; c < d; c++) {
            mean[c] /= n;
        }
        double[][] cov = new double[d][d];
        double[] centred = new double[d];
        for (int row = 0; row < n; row++) {
            for (int c = 0; c < d; c++) {
                centred[c] = x[row * d + c] - mean[c];
            }
            for (int i = 0; i < d; i++) {
                double ci = centred[i];
                for (int j = i; j < d; j++) {
                    cov[i][j] += ci * centred[j];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                cov[i][j] /= n;
                cov[j][i] = cov[i][j];
            }
        }
        return cov;
    }
}
