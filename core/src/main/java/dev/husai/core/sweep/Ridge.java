package dev.husai.core.sweep;

import java.util.List;

/**
 * Ridge regression in closed form on standardised features, with an unpenalised intercept and the penalty chosen by
 * exact leave-one-out error.
 *
 * <p>Letters: N rows (groups), K features. With {@code Z = (X - mean) / scale} ({@code [N, K]}, each column of zero
 * mean and unit sample standard deviation; a constant column has scale 1, so it stays 0) and {@code c = mean(y)}:
 * <pre>
 *   beta = (Z^T Z + lambda I)^-1 Z^T (y - c)          [K]
 *   yhat(x) = c + ((x - mean) / scale) . beta
 * </pre>
 * The penalty {@code lambda} is picked from {@link #LAMBDAS} by the smallest PRESS, the exact leave-one-out squared
 * error of a linear smoother: {@code sum_i (e_i / (1 - h_ii))^2} with residual {@code e_i = y_i - yhat_i} and
 * leverage {@code h_ii = 1/N + z_i^T (Z^T Z + lambda I)^-1 z_i} (Hastie, Tibshirani &amp; Friedman, ESL 2nd ed.,
 * eq. 7.52 and section 3.4.1). Ties go to the larger lambda (the simpler model).
 */
final class Ridge {
    /** Candidate penalties, in units of one standardised row (Z^T Z has diagonal N - 1): 10^-4 .. 10^3. */
    static final double[] LAMBDAS = {1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100, 1000};

    private Ridge() {
    }

    /**
     * Column means {@code [K]} and sample standard deviations {@code [K]} of {@code x [N, K]} (N >= 2); a column
     * with sd below 1e-12 gets scale 1.
     */
    static double[][] standardisation(List<double[]> x) {
        int n = x.size();
        int k = x.get(0).length;
        double[] mean = new double[k];
        double[] scale = new double[k];
        for (double[] row : x) {
            for (int j = 0; j < k; j++) {
                mean[j] += row[j] / n;
            }
        }
        for (int j = 0; j < k; j++) {
            double ss = 0;
            for (double[] row : x) {
                ss += (row[j] - mean[j]) * (row[j] - mean[j]);
            }
            double sd = Math.sqrt(ss / (n - 1));
            scale[j] = sd < 1e-12 ? 1 : sd;
        }
        return new double[][] {mean, scale};
    }

    /** {@code z = (x - mean) / scale}, {@code [K]}. */
    static double[] standardise(double[] x, double[] mean, double[] scale) {
        double[] z = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            z[j] = (x[j] - mean[j]) / scale[j];
        }
        return z;
    }

    /** The fit at the PRESS-best lambda: {@code {intercept, lambda, beta_1..beta_K}}. {@code z [N, K]}, {@code y [N]}. */
    static double[] fit(List<double[]> z, double[] y) {
        double best = Double.POSITIVE_INFINITY;
        double[] chosen = null;
        for (int i = LAMBDAS.length - 1; i >= 0; i--) {
            double[] f = fit(z, y, LAMBDAS[i]);
            double press = press(z, y, f, LAMBDAS[i]);
            if (press < best - 1e-15 * Math.max(1, best) || chosen == null) {
                best = press;
                chosen = f;
            }
        }
        return chosen;
    }

    /** The fit at a given lambda: {@code {intercept, lambda, beta_1..beta_K}}. */
    static double[] fit(List<double[]> z, double[] y, double lambda) {
        int k = z.get(0).length;
        double c = 0;
        for (double v : y) {
            c += v / y.length;
        }
        double[] zty = new double[k];
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < k; j++) {
                zty[j] += z.get(i)[j] * (y[i] - c);
            }
        }
        double[] beta = Cholesky.solve(gram(z, lambda), zty);
        double[] out = new double[k + 2];
        out[0] = c;
        out[1] = lambda;
        System.arraycopy(beta, 0, out, 2, k);
        return out;
    }

    /** {@code c + z . beta} for a fit {@code {c, lambda, beta...}}. */
    static double predict(double[] fit, double[] z) {
        double y = fit[0];
        for (int j = 0; j < z.length; j++) {
            y += z[j] * fit[j + 2];
        }
        return y;
    }

    /** {@code Z^T Z + lambda I}, {@code [K, K]}. */
    private static double[][] gram(List<double[]> z, double lambda) {
        int k = z.get(0).length;
        double[][] a = new double[k][k];
        for (double[] row : z) {
            for (int p = 0; p < k; p++) {
                for (int q = 0; q < k; q++) {
                    a[p][q] += row[p] * row[q];
                }
            }
        }
        for (int p = 0; p < k; p++) {
            a[p][p] += lambda;
        }
        return a;
    }

    /** Exact leave-one-out squared error (see the class comment). */
    private static double press(List<double[]> z, double[] y, double[] fit, double lambda) {
        double[][] a = gram(z, lambda);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double[] zi = z.get(i);
            double[] s = Cholesky.solve(a, zi);
            double h = 1.0 / y.length;
            for (int j = 0; j < zi.length; j++) {
                h += zi[j] * s[j];
            }
            double e = (y[i] - predict(fit, zi)) / Math.max(1e-12, 1 - h);
            sum += e * e;
        }
        return sum;
    }

    /** Solves {@code A x = b} for a symmetric positive definite {@code A [K, K]} by Cholesky, {@code A = L L^T}. */
    static final class Cholesky {
        private Cholesky() {
        }

        static double[] solve(double[][] a, double[] b) {
            int k = b.length;
            double[][] l = new double[k][k];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = a[i][j];
                    for (int m = 0; m < j; m++) {
                        s -= l[i][m] * l[j][m];
                    }
                    if (i == j) {
                        if (s <= 0) {
                            throw new IllegalArgumentException("expected a positive definite matrix, found pivot " + s);
                        }
                        l[i][i] = Math.sqrt(s);
                    } else {
                        l[i][j] = s / l[j][j];
                    }
                }
            }
            double[] y = new double[k];
            for (int i = 0; i < k; i++) {
                double s = b[i];
                for (int m = 0; m < i; m++) {
                    s -= l[i][m] * y[m];
                }
                y[i] = s / l[i][i];
            }
            double[] x = new double[k];
            for (int i = k - 1; i >= 0; i--) {
                double s = y[i];
                for (int m = i + 1; m < k; m++) {
                    s -= l[m][i] * x[m];
                }
                x[i] = s / l[i][i];
            }
            return x;
        }
    }
}
