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
     * transformed; the others are transformed in blocks of live columns.
     */
    public static MlpFourier of(FourierBasis basis, FloatMatrix actsNM) {
        FourierSpectra.requireAllPairs(basis, actsNM);
        int m = actsNM.cols();
        int kMax = basis.frequencies();
        double[][] group = new double[m][];
        double[] total = new double[m];
        int[] live = liveColumns(actsNM);
        for (int b0 = 0; b0 < live.length; b0 += COLUMN_BLOCK) {
            int[] cols = java.util.Arrays.copyOfRange(live, b0, Math.min(live.length, b0 + COLUMN_BLOCK));
            FloatMatrix coeffs = FourierSpectra.coefficients(basis, columns(actsNM, cols));
            double[][] blockGroup = FourierSpectra.groupPower(basis, coeffs);
            double[] blockTotal = FourierSpectra.totalPower(coeffs);
            for (int t = 0; t < cols.length; t++) {
                group[cols[t]] = blockGroup[t];
                total[cols[t]] = blockTotal[t];
            }
        }
        for (int c = 0; c < m; c++) {
            if (group[c] == null) {
                group[c] = new double[kMax + 1];
            }
        }
        return summarise(group, total, kMax);
    }

    /** The columns of {@code xNM} with a non-zero entry, ascending. */
    private static int[] liveColumns(FloatMatrix xNM) {
        int n = xNM.rows();
        int m = xNM.cols();
        boolean[] live = new boolean[m];
        float[] x = xNM.data();
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < m; c++) {
                live[c] |= x[r * m + c] != 0f;
            }
        }
        return java.util.stream.IntStream.range(0, m).filter(c -> live[c]).toArray();
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
