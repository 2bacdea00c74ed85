package dev.husai.core.stability;

import java.util.Arrays;

/**
 * Fixed-width histogram on {@code [lo, hi]} with B bins; values outside are clamped into the edge bins,
 * NaN values are skipped.
 *
 * @param lo     lower edge
 * @param hi     upper edge, {@code > lo}
 * @param counts {@code [B]}
 */
public record Histogram(double lo, double hi, long[] counts) {

    public Histogram {
        if (!(hi > lo)) {
            throw new IllegalArgumentException("expected hi > lo, found lo=" + lo + ", hi=" + hi);
        }
        if (counts == null || counts.length == 0) {
            throw new IllegalArgumentException("expected at least one bin, found " + (counts == null ? "null" : 0));
        }
    }

    /** Histogram of {@code values} with {@code bins} equal bins on {@code [lo, hi]}. */
    public static Histogram of(float[] values, int bins, double lo, double hi) {
        Histogram h = new Histogram(lo, hi, new long[Math.max(bins, 0)]);
        for (float x : values) {
            h.add(x);
        }
        return h;
    }

    /** Adds one value (mutates the counts; used while building). */
    void add(double x) {
        if (Double.isNaN(x)) {
            return;
        }
        int b = (int) Math.floor((x - lo) / (hi - lo) * counts.length);
        counts[Math.min(counts.length - 1, Math.max(0, b))]++;
    }

    /** Total number of counted values. */
    public long total() {
        return Arrays.stream(counts).sum();
    }

    /** Lower edge of bin {@code b}. */
    public double binLow(int b) {
        return lo + (hi - lo) * b / counts.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram h && h.lo == lo && h.hi == hi && Arrays.equals(h.counts, counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Histogram[" + lo + ".." + hi + ", " + Arrays.toString(counts) + "]";
    }
}
