package dev.husai.core.fourier;

import dev.husai.core.align.CosineMatrix;
import dev.husai.core.tensor.FloatMatrix;

/**
 * 2-D Fourier power of functions on Z_p x Z_p: for activations {@code X [p*p, M]} whose row
 * {@code a*p + b} holds the input (a, b), the coefficients of column m in the product basis are
 * {@code C_m = B X_m B^T [p, p]} (B = {@link FourierBasis}, X_m the column folded to {@code [p(a), p(b)]}).
 * Power {@code C_m[i, j]^2}; Parseval: the power sums to {@code ||X_m||^2}.
 *
 * <p>Frequency groups (Nanda et al. 2023, section 5.1): the terms "of frequency k" for one column are
 * {@code (i, 0)}, {@code (0, j)} and {@code (i, j)} with {@code freq(i) = k} and/or {@code freq(j) = k}
 * where the other index is 0 or also of frequency k, i.e. linear terms in a or b and the products
 * {@code cos/sin(w_k a) cos/sin(w_k b)}; power of mixed pairs (k1 != k2, both non-zero) belongs to no group.
 */
public final class FourierSpectra {
    private FourierSpectra() {
    }

    /**
     * Coefficients of every column: returns {@code [M, p*p]} where row m, entry {@code i*p + j} is
     * {@code C_m[i, j]} (i indexes a's basis, j indexes b's basis).
     */
    public static FloatMatrix coefficients(FourierBasis basis, FloatMatrix actsNM) {
        requireAllPairs(basis, actsNM);
        int p = basis.p();
        int m = actsNM.cols();
        // Step 1, transform over b: for each a, Y_a [p(j), M] = B [p(j), p(b)] X_a [p(b), M].
        float[] yAJM = new float[p * p * m];
        for (int a = 0; a < p; a++) {
            FloatMatrix xaBM = new FloatMatrix(p, m, java.util.Arrays.copyOfRange(actsNM.data(), a * p * m, (a + 1) * p * m));
            FloatMatrix ya = CosineMatrix.product(basis.matrix(), xaBM.transpose());
            System.arraycopy(ya.data(), 0, yAJM, a * p * m, p * m);
        }
        // Step 2, transform over a: Z [p(i), p(j)*M] = B [p(i), p(a)] Y [p(a), p(j)*M].
        FloatMatrix yView = new FloatMatrix(p, p * m, yAJM);
        FloatMatrix zIJM = CosineMatrix.product(basis.matrix(), yView.transpose());
        // Reorder to [M, p*p].
        float[] out = new float[m * p * p];
        for (int ij = 0; ij < p * p; ij++) {
            for (int c = 0; c < m; c++) {
                out[c * p * p + ij] = zIJM.data()[ij * m + c];
            }
        }
        return new FloatMatrix(m, p * p, out);
    }

    /** Throws unless {@code actsNM} has one row per input pair, {@code p * p}. */
    static void requireAllPairs(FourierBasis basis, FloatMatrix actsNM) {
        int p = basis.p();
        if (actsNM.rows() != p * p) {
            throw new IllegalArgumentException("expected activations over all " + (p * p)
                    + " pairs (rows a*p+b), found " + actsNM.rows() + " rows");
        }
    }

    /**
     * Power per frequency group for every column: {@code [M, K+1]}; entry 0 is the constant term
     * {@code (0,0)}, entry k the power of the frequency-k terms (see class doc). Unassigned mixed power is
     * the remainder {@code ||X_m||^2 - sum}.
     */
    public static double[][] groupPower(FourierBasis basis, FloatMatrix coeffsMQ) {
        int p = basis.p();
        int kMax = basis.frequencies();
        double[][] power = new double[coeffsMQ.rows()][kMax + 1];
        for (int c = 0; c < coeffsMQ.rows(); c++) {
            for (int i = 0; i < p; i++) {
                int ki = FourierBasis.frequencyOf(i);
                for (int j = 0; j < p; j++) {
                    int kj = FourierBasis.frequencyOf(j);
                    if (ki == 0 || kj == 0 || ki == kj) {
                        double v = coeffsMQ.get(c, i * p + j);
                        power[c][Math.max(ki, kj)] += v * v;
                    }
                }
            }
        }
        return power;
    }

    /**
     * {@link #groupPower} and {@link #totalPower} of one column given by its non-zero entries only: inputs
     * {@code rows[from .. to)} ({@code a*p + b}) with values {@code values[from .. to)}. Only the coefficients the groups
     * use are formed, straight from the entries, {@code C[i, j] = sum_(a,b) x_ab B[i, a] B[j, b]}: the row and the
     * column of the constant ({@code C[0, j]}, {@code C[i, 0]}, 2p values) and each frequency's own 2 x 2 block (1 x 1
     * for the Nyquist term of an even p), about {@code 4p} of the {@code p^2}; cost {@code O(nnz p)} instead of the
     * full transform's {@code O(p^3)}. The total is Parseval's {@code sum x^2}. Sums in double.
     *
     * @param bt the basis transposed, {@code bt[x p + j] = B[j, x]} ({@link #transposed})
     * @param group out: {@code [K+1]} group powers, as a row of {@link #groupPower}
     * @return the column's total power {@code ||X_m||^2}
     */
    static double sparseGroupPower(int p, double[] bt, int[] rows, float[] values, int from, int to, double[] group) {
        double[] c0j = new double[p];
        double[] ci0 = new double[p];
        double[] blocks = new double[2 * p];
        double total = 0;
        for (int e = from; e < to; e++) {
            double v = values[e];
            total += v * v;
            int a = rows[e] / p;
            int b = rows[e] % p;
            int atA = a * p;
            int atB = b * p;
            double va = v * bt[atA];
            double vb = v * bt[atB];
            for (int j = 0; j < p; j++) {
                c0j[j] += va * bt[atB + j];
                ci0[j] += vb * bt[atA + j];
            }
            // the frequencies' own blocks: rows 2k-1 (cos) and 2k (sin) of a against those of b, 4 entries each
            for (int i = 1; i + 1 < p; i += 2) {
                double ca = v * bt[atA + i];
                double sa = v * bt[atA + i + 1];
                double cb = bt[atB + i];
                double sb = bt[atB + i + 1];
                blocks[2 * i - 2] += ca * cb;
                blocks[2 * i - 1] += ca * sb;
                blocks[2 * i] += sa * cb;
                blocks[2 * i + 1] += sa * sb;
            }
            if (p % 2 == 0) {
                blocks[2 * p - 2] += v * bt[atA + p - 1] * bt[atB + p - 1];
            }
        }
        java.util.Arrays.fill(group, 0);
        group[0] = c0j[0] * c0j[0];
        for (int j = 1; j < p; j++) {
            group[FourierBasis.frequencyOf(j)] += c0j[j] * c0j[j] + ci0[j] * ci0[j];
        }
        for (int i = 1; i + 1 < p; i += 2) {
            int k = FourierBasis.frequencyOf(i);
            for (int q = 2 * i - 2; q <= 2 * i + 1; q++) {
                group[k] += blocks[q] * blocks[q];
            }
        }
        if (p % 2 == 0) {
            group[p / 2] += blocks[2 * p - 2] * blocks[2 * p - 2];
        }
        return total;
    }

    /** The basis transposed into doubles: {@code bt[x p + j] = B[j, x]}. */
    static double[] transposed(FourierBasis basis) {
        int p = basis.p();
        double[] bt = new double[p * p];
        for (int j = 0; j < p; j++) {
            for (int x = 0; x < p; x++) {
                bt[x * p + j] = basis.matrix().get(j, x);
            }
        }
        return bt;
    }

    /** Total power {@code ||X_m||^2} of every column (sum of all squared coefficients). */
    public static double[] totalPower(FloatMatrix coeffsMQ) {
        double[] total = new double[coeffsMQ.rows()];
        int q = coeffsMQ.cols();
        for (int c = 0; c < coeffsMQ.rows(); c++) {
            double s = 0;
            for (int t = 0; t < q; t++) {
                double v = coeffsMQ.data()[c * q + t];
                s += v * v;
            }
            total[c] = s;
        }
        return total;
    }
}
