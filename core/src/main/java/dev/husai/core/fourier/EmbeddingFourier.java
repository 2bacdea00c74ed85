package dev.husai.core.fourier;

import dev.husai.core.align.CosineMatrix;
import dev.husai.core.tensor.FloatMatrix;
import java.util.Arrays;

/**
 * Fourier norms of the token embedding (Nanda et al. 2023, figure 3): with {@code W_E [p, D]} (the
 * {@code =} row dropped) and basis B, the coefficients {@code B W_E [p, D]}; the norm of frequency k is
 * {@code sqrt(||row cos_k||^2 + ||row sin_k||^2)}. A grokked model puts most of it in a few key
 * frequencies; the Gini coefficient of the norms measures that sparsity (0 = flat, 1 = one frequency).
 */
public final class EmbeddingFourier {
    private EmbeddingFourier() {
    }

    /** Norm per frequency {@code [K+1]} (index 0 is the constant term) of {@code embedPD [p, D]}. */
    public static double[] frequencyNorms(FourierBasis basis, FloatMatrix embedPD) {
        if (embedPD.rows() != basis.p()) {
            throw new IllegalArgumentException("expected an embedding with p = " + basis.p()
                    + " rows (tokens 0..p-1), found " + embedPD.rows());
        }
        FloatMatrix coeffsPD = CosineMatrix.product(basis.matrix(), embedPD.transpose());
        double[] sq = new double[basis.frequencies() + 1];
        for (int j = 0; j < basis.p(); j++) {
            for (int d = 0; d < coeffsPD.cols(); d++) {
                double v = coeffsPD.get(j, d);
                sq[FourierBasis.frequencyOf(j)] += v * v;
            }
        }
        return Arrays.stream(sq).map(Math::sqrt).toArray();
    }

    /**
     * Share of the squared norm of non-constant frequencies held by the {@code n} largest:
     * {@code sum_top-n ||f_k||^2 / sum_k>=1 ||f_k||^2}.
     */
    public static double topShare(double[] norms, int n) {
        double[] sq = Arrays.stream(norms, 1, norms.length).map(v -> v * v).sorted().toArray();
        double total = Arrays.stream(sq).sum();
        double top = 0;
        for (int i = 0; i < Math.min(n, sq.length); i++) {
            top += sq[sq.length - 1 - i];
        }
        return total == 0 ? 0 : top / total;
    }

    /**
     * Gini coefficient of non-negative values: {@code G = sum_i (2i - n - 1) x_(i) / (n sum x)} with
     * {@code x_(1) <= .. <= x_(n)} sorted ascending, i from 1. 0 when all equal, (n-1)/n when one holds all.
     */
    public static double gini(double[] values) {
        double[] x = values.clone();
        Arrays.sort(x);
        int n = x.length;
        double sum = Arrays.stream(x).sum();
        if (n == 0 || sum == 0) {
            return 0;
        }
        double acc = 0;
        for (int i = 0; i < n; i++) {
            acc += (2.0 * (i + 1) - n - 1) * x[i];
        }
        return acc / (n * sum);
    }

    /**
     * Key frequencies: those holding at least {@code minShare} of the embedding's non-constant squared
     * Fourier norm, by decreasing norm (Nanda et al. read the key frequencies off these norms).
     */
    public static int[] keyFrequencies(double[] norms, double minShare) {
        double total = 0;
        for (int k = 1; k < norms.length; k++) {
            total += norms[k] * norms[k];
        }
        double sum = total;
        return java.util.Arrays.stream(ranked(norms)).filter(k -> sum > 0 && norms[k] * norms[k] / sum >= minShare)
                .toArray();
    }

    /** Frequencies 1..K ordered by decreasing norm. */
    public static int[] ranked(double[] norms) {
        return java.util.stream.IntStream.range(1, norms.length).boxed()
                .sorted((a, b) -> Double.compare(norms[b], norms[a])).mapToInt(Integer::intValue).toArray();
    }
}
