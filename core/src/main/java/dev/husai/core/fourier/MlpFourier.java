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
     * {@code mlp_post} with 4096 latents, 65 MB instead of ~1 GB), with the same numbers.
     */
    public static MlpFourier of(FourierBasis basis, FloatMatrix actsNM) {
        int m = actsNM.cols();
        int kMax = basis.frequencies();
        double[][] group = new double[m][];
        double[] total = new double[m];
        for (int c0 = 0; c0 < m; c0 += COLUMN_BLOCK) {
            int c1 = Math.min(m, c0 + COLUMN_BLOCK);
            FloatMatrix coeffs = FourierSpectra.coefficients(basis, columns(actsNM, c0, c1));
            double[][] blockGroup = FourierSpectra.groupPower(basis, coeffs);
            double[] blockTotal = FourierSpectra.totalPower(coeffs);
            System.arraycopy(blockGroup, 0, group, c0, c1 - c0);
            System.arraycopy(blockTotal, 0, total, c0, c1 - c0);
        }
        return summarise(group, total, kMax);
    }

    /** Columns {@code [c0, c1)} of {@code xNM} as their own matrix {@code [N, c1 - c0]}. */
    private static FloatMatrix columns(FloatMatrix xNM, int c0, int c1) {
        if (c0 == 0 && c1 == xNM.cols()) {
            return xNM;
        }
        int n = xNM.rows();
        int m = xNM.cols();
        int w = c1 - c0;
        float[] out = new float[n * w];
        for (int r = 0; r < n; r++) {
            System.arraycopy(xNM.data(), r * m + c0, out, r * w, w);
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
