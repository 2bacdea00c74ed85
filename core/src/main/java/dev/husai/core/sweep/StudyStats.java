package dev.husai.core.sweep;

import dev.husai.core.stability.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Small statistics the study report states its answers with: a rank correlation with its confidence interval,
 * paired differences, the disjointness of two intervals, logarithmic L0 bins and contiguous width ranges.
 */
public final class StudyStats {
    /** Two-sided 95% normal quantile. */
    static final double Z975 = 1.959964;

    private StudyStats() {
    }

    /**
     * A Spearman rank correlation over N paired values with its 95% interval.
     *
     * @param rho  Spearman rho (NaN when N < 3 or a side is constant)
     * @param low  lower end of the Fisher-z interval (NaN when N < 4)
     * @param high upper end
     * @param n    pairs N where both values are finite
     */
    public record Rho(double rho, double low, double high, int n) {
        /** Whether the interval excludes 0 (the sign of rho is resolved at 5%). */
        public boolean resolved() {
            return Double.isFinite(low) && (low > 0 || high < 0);
        }
    }

    /**
     * Spearman rho of the finite pairs of {@code x, y} ({@code [N]}) with the Fisher-z interval
     * {@code tanh(atanh(rho) -+ 1.96 sqrt(1.06 / (N - 3)))} (the 1.06 variance factor for Spearman's rho is from
     * Fieller, Hartley and Pearson 1957); NaN bounds when N < 4, bounds of +-1 when |rho| = 1.
     */
    public static Rho spearman(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("expected paired samples of one length, found " + x.length + " and " + y.length);
        }
        int[] keep = IntStream.range(0, x.length).filter(i -> Double.isFinite(x[i]) && Double.isFinite(y[i])).toArray();
        double[] xs = IntStream.of(keep).mapToDouble(i -> x[i]).toArray();
        double[] ys = IntStream.of(keep).mapToDouble(i -> y[i]).toArray();
        int n = keep.length;
        double rho = Correlation.spearman(xs, ys);
        if (n < 4 || Double.isNaN(rho)) {
            return new Rho(rho, Double.NaN, Double.NaN, n);
        }
        if (Math.abs(rho) >= 1) {
            return new Rho(rho, rho, rho, n);
        }
        double z = 0.5 * Math.log((1 + rho) / (1 - rho));
        double half = Z975 * Math.sqrt(1.06 / (n - 3));
        return new Rho(rho, Math.tanh(z - half), Math.tanh(z + half), n);
    }

    /**
     * The differences {@code a[i] - b[i]} over the indices where both are finite, summarised with a Student-t 95%
     * interval over those N pairs; null when N = 0.
     */
    public static Summary pairedDifference(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("expected paired samples of one length, found " + a.length + " and " + b.length);
        }
        double[] d = IntStream.range(0, a.length).filter(i -> Double.isFinite(a[i]) && Double.isFinite(b[i]))
                .mapToDouble(i -> a[i] - b[i]).toArray();
        return d.length == 0 ? null : Summary.of(d);
    }

    /** Whether two 95% intervals do not overlap (a difference between them is resolved). */
    public static boolean disjoint(Summary a, Summary b) {
        return a.ci95High() < b.ci95Low() || b.ci95High() < a.ci95Low();
    }

    /** Whether a 95% interval excludes 0. */
    public static boolean excludesZero(Summary s) {
        return s.ci95Low() > 0 || s.ci95High() < 0;
    }

    /** The log2 bin {@code b = floor(log2 l0)} of a measured L0: the bin holds {@code [2^b, 2^(b+1))}. */
    public static int l0Bin(double l0) {
        if (!(l0 > 0) || Double.isInfinite(l0)) {
            throw new IllegalArgumentException("expected a positive finite L0, found " + l0);
        }
        return (int) Math.floor(Math.log(l0) / Math.log(2) + 1e-12);
    }

    /** {@code [2^b, 2^(b+1))} as text, e.g. {@code L0 [4, 8)}. */
    public static String l0BinLabel(int bin) {
        return "L0 [" + plain(Math.pow(2, bin)) + ", " + plain(Math.pow(2, bin + 1)) + ")";
    }

    /**
     * The members of {@code hits} as contiguous runs along the ascending {@code axis}: axis 8,16,32,64 with hits
     * 8,16,64 gives {@code ["8-16", "64"]}.
     */
    public static List<String> ranges(List<Integer> axis, Set<Integer> hits) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= axis.size(); i++) {
            boolean in = i < axis.size() && hits.contains(axis.get(i));
            if (in && start < 0) {
                start = i;
            } else if (!in && start >= 0) {
                out.add(start == i - 1 ? axis.get(start).toString() : axis.get(start) + "-" + axis.get(i - 1));
                start = -1;
            }
        }
        return out;
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
