package dev.husai.trainer.sae;

/**
 * The geometric median {@code argmin_m sum_n ||x_n - m||} by Weiszfeld's algorithm (1937):
 * {@code m <- sum_n w_n x_n / sum_n w_n} with {@code w_n = 1 / max(||x_n - m||, eps)}, started at the mean.
 * Gao et al. 2024 initialise {@code b_dec} here: robust to outliers, unlike the mean.
 */
public final class GeometricMedian {
    private static final double EPS = 1e-8;

    private GeometricMedian() {
    }

    /**
     * @param xND rows x_n, row-major {@code [n, d]}
     * @return the median {@code [d]} after at most {@code iterations} steps (stops when it moves < 1e-6 relative)
     */
    public static float[] weiszfeld(float[] xND, int n, int d, int iterations) {
        double[] m = new double[d];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                m[c] += xND[r * d + c] / (double) n;
            }
        }
        for (int it = 0; it < iterations; it++) {
            double[] num = new double[d];
            double den = 0;
            for (int r = 0; r < n; r++) {
                double dist2 = 0;
                for (int c = 0; c < d; c++) {
                    double diff = xND[r * d + c] - m[c];
                    dist2 += diff * diff;
                }
                double w = 1 / Math.max(Math.sqrt(dist2), EPS);
                den += w;
                for (int c = 0; c < d; c++) {
                    num[c] += w * xND[r * d + c];
                }
            }
            double moved = 0;
            double norm = 0;
            for (int c = 0; c < d; c++) {
                double next = num[c] / den;
                moved += (next - m[c]) * (next - m[c]);
                norm += next * next;
                m[c] = next;
            }
            if (moved <= 1e-12 * Math.max(norm, EPS)) {
                break;
            }
        }
        float[] out = new float[d];
        for (int c = 0; c < d; c++) {
            out[c] = (float) m[c];
        }
        return out;
    }
}
