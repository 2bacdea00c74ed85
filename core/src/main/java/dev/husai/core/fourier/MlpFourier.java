package dev.husai.core.fourier;

import dev.husai.core.tensor.FloatMatrix;

/**
 * Frequency structure of activations over all p^2 inputs (MLP neurons of the testbed, or SAE latents).
 * Variance of column m is its non-constant power {@code V_m = ||X_m||^2 - C_m[0,0]^2} (times 1/p^2).
 *
 * @param frequencyShare {@code [K+1]}: share of the summed variance of all columns in each frequency
 *     group (index 0 unused, 0)
 * @param dominantFrequency per column, the frequency group with the most power (0 for a dead column)
 * @param purity per column, the dominant group's share of its variance ({@code P_m[k*] / V_m})
 * @param variance per column {@code V_m}
 */
public record MlpFourier(double[] frequencyShare, int[] dominantFrequency, double[] purity, double[] variance) {

    /** Columns whose spectra are computed together: bounds the working memory to ~5 x p^2 x this many floats. */
    static final int COLUMN_BLOCK = 256;

    /**
     * Analyses activations {@code [p*p, M]} (row a*p+b). Columns are independent, so they are transformed in blocks of
     * {@link #COLUMN_BLOCK}: the transform's intermediates take O(p^2 x block) memory instead of O(p^2 x M) (at
     * {@code mlp_post} with 4096 latents, 65 MB instead of ~1 GB), with the same numbers. A column that is zero on
     * every input (a dead latent: most of a wide top-k SAE's on the testbed) has zero power in every group and is not
     * transformed; the others are transformed in blocks of live columns. A column with few non-zero entries (at most
     * {@link #sparseLimit}) takes {@link FourierSpectra#sparseGroupPower} from its entries instead: the same group
     * powers up to float rounding (summed in double there), a few percent of the work.
     */
    public static MlpFourier of(FourierBasis basis, FloatMatrix actsNM) {
        FourierSpectra.requireAllPairs(basis, actsNM);
        int m = actsNM.cols();
        int kMax = basis.frequencies();
        double[][] group = new double[m][];
        double[] total = new double[m];
        int[] nonZeros = nonZerosPerColumn(actsNM);
        int sparseMax = sparseLimit(basis.p());
        int[] dense = java.util.stream.IntStream.range(0, m).filter(c -> nonZeros[c] > sparseMax).toArray();
        for (int b0 = 0; b0 < dense.length; b0 += COLUMN_BLOCK) {
            int[] cols = java.util.Arrays.copyOfRange(dense, b0, Math.min(dense.length, b0 + COLUMN_BLOCK));
            FloatMatrix coeffs = FourierSpectra.coefficients(basis, columns(actsNM, cols));
            double[][] blockGroup = FourierSpectra.groupPower(basis, coeffs);
            double[] blockTotal = FourierSpectra.totalPower(coeffs);
            for (int t = 0; t < cols.length; t++) {
                group[cols[t]] = blockGroup[t];
                total[cols[t]] = blockTotal[t];
            }
        }
        sparseSpectra(basis, actsNM, nonZeros, sparseMax, group, total);
        for (int c = 0; c < m; c++) {
            if (group[c] == null) {
                group[c] = new double[kMax + 1];
            }
        }
        return summarise(group, total, kMax);
    }

    /**
     * Most non-zero entries a column may have to take {@link FourierSpectra#sparseGroupPower} ({@code p^2 / 16}, 798 of
     * 12,769 inputs at p = 113): about {@code 450} multiply-adds an entry in Java against the full transform's two
     * {@code p^3} products on BLAS. A wide top-k SAE's latents fire on a few dozen inputs each.
     */
    static int sparseLimit(int p) {
        return p * p / 16;
    }

    /** How many entries of each column of {@code xNM} are non-zero. */
    private static int[] nonZerosPerColumn(FloatMatrix xNM) {
        int n = xNM.rows();
        int m = xNM.cols();
        int[] count = new int[m];
        float[] x = xNM.data();
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < m; c++) {
                if (x[r * m + c] != 0f) {
                    count[c]++;
                }
            }
        }
        return count;
    }

    /**
     * The spectra of the columns with {@code 1 .. sparseMax} non-zero entries into {@code group} and {@code total}: their
     * entries gathered column by column (inputs ascending), then {@link FourierSpectra#sparseGroupPower} per column.
     */
    private static void sparseSpectra(FourierBasis basis, FloatMatrix xNM, int[] nonZeros, int sparseMax,
                                      double[][] group, double[] total) {
        int n = xNM.rows();
        int m = xNM.cols();
        int[] start = new int[m + 1];
        for (int c = 0; c < m; c++) {
            start[c + 1] = start[c] + (nonZeros[c] <= sparseMax ? nonZeros[c] : 0);
        }
        if (start[m] == 0) {
            return;
        }
        int[] rows = new int[start[m]];
        float[] values = new float[start[m]];
        int[] next = java.util.Arrays.copyOf(start, m);
        float[] x = xNM.data();
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < m; c++) {
                float v = x[r * m + c];
                if (v != 0f && nonZeros[c] <= sparseMax) {
                    rows[next[c]] = r;
                    values[next[c]++] = v;
                }
            }
        }
        double[] bt = FourierSpectra.transposed(basis);
        for (int c = 0; c < m; c++) {
            if (nonZeros[c] > 0 && nonZeros[c] <= sparseMax) {
                group[c] = new double[basis.frequencies() + 1];
                total[c] = FourierSpectra.sparseGroupPower(basis.p(), bt, rows, values, start[c], start[c + 1], group[c]);
            }
        }
    }

    /** Columns {@code cols} of {@code xNM} as their own matrix {@code [N, cols.length]}. */
    private static FloatMatrix columns(FloatMatrix xNM, int[] cols) {
        int n = xNM.rows();
        int m = xNM.cols();
        if (cols.length == m) {
            return xNM;
        }
        int w = cols.length;
        float[] out = new float[n * w];
        for (int r = 0; r < n; r++) {
            for (int t = 0; t < w; t++) {
                out[r * w + t] = xNM.data()[r * m + cols[t]];
            }
        }
        return new FloatMatrix(n, w, out);
    }

    /** Shares, dominant frequencies, purities and variances from each column's group and total power. */
    private static MlpFourier summarise(double[][] group, double[] total, int kMax) {
        int m = total.length;
        double[] share = new double[kMax + 1];
        int[] dominant = new int[m];
        double[] purity = new double[m];
        double[] variance = new double[m];
        double allVariance = 0;
        for (int c = 0; c < m; c++) {
            variance[c] = Math.max(0, total[c] - group[c][0]);
            allVariance += variance[c];
            int best = 0;
            for (int k = 1; k <= kMax; k++) {
                share[k] += group[c][k];
                if (best == 0 || group[c][k] > group[c][best]) {
                    best = k;
                }
            }
            boolean dead = variance[c] <= 1e-12;
            dominant[c] = dead ? 0 : best;
            purity[c] = dead ? 0 : group[c][best] / variance[c];
        }
        for (int k = 1; k <= kMax; k++) {
            share[k] = allVariance == 0 ? 0 : share[k] / allVariance;
        }
        return new MlpFourier(share, dominant, purity, variance);
    }

    /** Frequencies whose variance share is at least {@code minShare}, by decreasing share. */
    public int[] keyFrequencies(double minShare) {
        return java.util.stream.IntStream.range(1, frequencyShare.length)
                .filter(k -> frequencyShare[k] >= minShare).boxed()
                .sorted((a, b) -> Double.compare(frequencyShare[b], frequencyShare[a]))
                .mapToInt(Integer::intValue).toArray();
    }

    /** Share of all variance in the groups of the given frequencies. */
    public double explainedBy(int[] frequencies) {
        double s = 0;
        for (int k : frequencies) {
            s += frequencyShare[k];
        }
        return s;
    }

    /**
     * Nanda's per-neuron measure, variance-weighted: each column keeps only its own dominant frequency's
     * terms; {@code sum_m purity_m V_m / sum_m V_m}.
     */
    public double ownFrequencyExplained() {
        double num = 0;
        double den = 0;
        for (int c = 0; c < variance.length; c++) {
            num += purity[c] * variance[c];
            den += variance[c];
        }
        return den == 0 ? 0 : num / den;
    }
}
