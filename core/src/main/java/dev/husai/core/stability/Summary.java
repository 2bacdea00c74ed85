package dev.husai.core.stability;

/**
 * Aggregate of one metric over the P seed pairs of a group.
 *
 * <p>{@code ci95Low/High = mean -+ t_{0.975, N-1} * sd / sqrt(N)} (Student t, sample sd). Caveat: the
 * P = S(S-1)/2 pairs share seeds and are not independent, so this interval is optimistic; it is a
 * readable spread, not a formal test. With N = 1 the interval collapses to the value.
 *
 * @param mean    mean over pairs
 * @param min     smallest value
 * @param max     largest value
 * @param n       number of pairs N
 * @param ci95Low lower end of the 95% interval of the mean
 * @param ci95High upper end
 */
public record Summary(double mean, double min, double max, int n, double ci95Low, double ci95High) {

    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};

    public Summary {
        if (n < 1) {
            throw new IllegalArgumentException("expected at least one value, found n=" + n);
        }
        if (min > mean || mean > max) {
            throw new IllegalArgumentException("expected min <= mean <= max, found " + min + ", " + mean + ", " + max);
        }
    }

    /** Summary of {@code values} ({@code [N]}, N >= 1). */
    public static Summary of(double[] values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("expected at least one value to summarise, found none");
        }
        int n = values.length;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = Math.min(max, Math.max(min, sum / n));
        if (n == 1) {
            return new Summary(mean, min, max, 1, mean, mean);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double half = tQuantile975(n - 1) * Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
        return new Summary(mean, min, max, n, mean - half, mean + half);
    }

    /** Two-sided 95% Student t quantile for {@code df} degrees of freedom (table to 30, then normal-ish). */
    static double tQuantile975(int df) {
        if (df <= T975.length) {
            return T975[df - 1];
        }
        return 1.96 + 2.4 / df;
    }
}
