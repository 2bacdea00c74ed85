package dev.husai.trainer.sae;

import java.util.stream.IntStream;

/**
 * BatchTopK's threshold from a narrow band of values instead of every value above a loose cut. With
 * {@code r = keep + 1} the threshold is the r-th largest value of the block {@code pre [N, F]} (when that is positive):
 * <pre>
 * sample  S = 16384 values at fixed pseudo-random places; m = r S / (N F); spread = 4 sqrt(m) + 8
 *         lo = the (m + spread)-th largest of the sample, hi = the (m - spread)-th largest
 * count   c_hi = #{x > hi}, c_lo = #{x > lo}                               (one scan of the block)
 * band    if c_hi < r <= c_lo the threshold lies in (lo, hi]: gather those values (second scan, about
 *         2 spread / S of the block) and take their (r - c_hi)-th largest by quickselect
 * </pre>
 * The answer is that order statistic's exact value, so it is the same bits as {@link Selection}'s general path; when
 * the band misses it (a sample far from its expectation), when {@code lo <= 0} or the block is small, {@link #threshold}
 * returns NaN and the caller takes the general path. At N F = 4M and r = 131k the band holds about 1% of the block where
 * the general path gathers and selects among 3.6% of it. Both scans split into {@code parts} parallel ranges whose values
 * are concatenated in order.
 */
final class BatchBand {
    static final int SAMPLES = 16384;

    private BatchBand() {
    }

    /** The (keep+1)-th largest of {@code pre[off, off + total)} when it is positive and the band holds it, else NaN. */
    static float threshold(float[] pre, int off, int total, int keep, int parts) {
        if (total < 4 * SAMPLES || keep >= total) {
            return Float.NaN;
        }
        long r = keep + 1L;
        double m = (double) r * SAMPLES / total;
        int spread = (int) Math.ceil(4 * Math.sqrt(m)) + 8;
        int rankHi = (int) Math.max(1, Math.floor(m) - spread);
        int rankLo = (int) Math.ceil(m) + spread;
        if (rankLo >= SAMPLES) {
            return Float.NaN;
        }
        float[] sample = new float[SAMPLES];
        for (int t = 0; t < SAMPLES; t++) {
            sample[t] = pre[off + (int) (((t * 0x9E3779B97F4A7C15L) >>> 33) % total)];
        }
        Selection.selectLargest(sample, null, SAMPLES, rankLo);
        float lo = sample[rankLo - 1];
        Selection.selectLargest(sample, null, rankLo, rankHi);
        float hi = sample[rankHi - 1];
        if (!(lo > 0f) || !(hi > lo)) {
            return Float.NaN;
        }
        long[] counts = new long[parts];
        IntStream.range(0, parts).parallel().forEach(p -> counts[p] = countTwo(pre, off + Selection.partStart(total, parts, p),
                off + Selection.partStart(total, parts, p + 1), lo, hi));
        long cHi = 0;
        long cLo = 0;
        int[] at = new int[parts + 1];
        for (int p = 0; p < parts; p++) {
            cHi += counts[p] & 0xffffffffL;
            cLo += counts[p] >>> 32;
            at[p + 1] = at[p] + (int) ((counts[p] >>> 32) - (counts[p] & 0xffffffffL));
        }
        if (!(cHi < r && r <= cLo)) {
            return Float.NaN;
        }
        float[] band = new float[at[parts]];
        IntStream.range(0, parts).parallel().forEach(p -> between(pre, off + Selection.partStart(total, parts, p),
                off + Selection.partStart(total, parts, p + 1), lo, hi, band, at[p]));
        int rank = (int) (r - cHi);
        Selection.selectLargest(band, null, band.length, rank);
        return band[rank - 1];
    }

    /** {@code #{x > lo} << 32 | #{x > hi}} over {@code pre[from, to)} ({@code lo < hi}). */
    static long countTwo(float[] pre, int from, int to, float lo, float hi) {
        if (Selection.VECTOR) {
            return VectorSelection.countTwo(pre, from, to, lo, hi);
        }
        long cLo = 0;
        long cHi = 0;
        for (int i = from; i < to; i++) {
            cLo += pre[i] > lo ? 1 : 0;
            cHi += pre[i] > hi ? 1 : 0;
        }
        return cLo << 32 | cHi;
    }

    /** Copies the values {@code lo < x <= hi} of {@code pre[from, to)} to {@code out} from {@code out[at]} on, in order. */
    static void between(float[] pre, int from, int to, float lo, float hi, float[] out, int at) {
        if (Selection.VECTOR) {
            VectorSelection.between(pre, from, to, lo, hi, out, at);
            return;
        }
        int cnt = at;
        for (int i = from; i < to; i++) {
            float x = pre[i];
            if (x > lo && x <= hi) {
                out[cnt++] = x;
            }
        }
    }
}
