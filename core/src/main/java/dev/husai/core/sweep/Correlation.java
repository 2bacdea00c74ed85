package dev.husai.core.sweep;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Pearson and Spearman correlation and the correlation ratio (eta squared) over paired samples. */
public final class Correlation {

    private Correlation() {
    }

    /** Pearson r of {@code x, y} ({@code [N]}); NaN when N < 3 or either side is constant. */
    public static double pearson(double[] x, double[] y) {
        requireSameLength(x, y);
        int n = x.length;
        if (n < 3) {
            return Double.NaN;
        }
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    /** Spearman rho: Pearson r of the ranks (ties get their average rank). */
    public static double spearman(double[] x, double[] y) {
        requireSameLength(x, y);
        return pearson(ranks(x), ranks(y));
    }

    /**
     * Correlation ratio {@code eta^2 = SS_between / SS_total} of {@code y} grouped by {@code labels}: the share of
     * the variance explained by the categorical factor, in [0, 1]; NaN when y is constant.
     */
    public static double etaSquared(String[] labels, double[] y) {
        if (labels.length != y.length) {
            throw new IllegalArgumentException("expected as many labels as values, found " + labels.length + " and " + y.length);
        }
        double mean = Arrays.stream(y).average().orElse(Double.NaN);
        double total = Arrays.stream(y).map(v -> (v - mean) * (v - mean)).sum();
        double between = 0;
        for (String label : Arrays.stream(labels).distinct().toList()) {
            double[] in = IntStream.range(0, y.length).filter(i -> labels[i].equals(label)).mapToDouble(i -> y[i]).toArray();
            double m = Arrays.stream(in).average().orElseThrow();
            between += in.length * (m - mean) * (m - mean);
        }
        return total == 0 ? Double.NaN : between / total;
    }

    /** Average ranks, 1-based. */
    static double[] ranks(double[] v) {
        Integer[] order = IntStream.range(0, v.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> v[i]));
        double[] r = new double[v.length];
        int i = 0;
        while (i < v.length) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            for (int k = i; k <= j; k++) {
                r[order[k]] = (i + j) / 2.0 + 1;
            }
            i = j + 1;
        }
        return r;
    }

    private static void requireSameLength(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("expected paired samples of one length, found " + x.length + " and " + y.length);
        }
    }
}
