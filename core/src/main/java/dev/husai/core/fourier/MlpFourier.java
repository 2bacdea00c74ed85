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

    /** Analyses activations {@code [p*p, M]} (row a*p+b). */
    public static MlpFourier of(FourierBasis basis, FloatMatrix actsNM) {
        FloatMatrix coeffs = FourierSpectra.coefficients(basis, actsNM);
        double[][] group = FourierSpectra.groupPower(basis, coeffs);
        double[] total = FourierSpectra.totalPower(coeffs);
        int m = actsNM.cols();
        int kMax = basis.frequencies();
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
