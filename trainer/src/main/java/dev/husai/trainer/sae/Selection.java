package dev.husai.trainer.sae;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Choosing the active latents from pre-activations, in Java on the row-major {@code pre [N, F]} buffer:
 * <ul>
 *   <li>{@link #topK}: per row the k largest positive values (TopK SAE: {@code z = ReLU(TopK(pre))});</li>
 *   <li>{@link #batchThreshold}: the value of the (k*N)-th largest positive pre-activation of a whole batch
 *       (BatchTopK training keeps everything at or above it; Bussmann et al. 2024);</li>
 *   <li>{@link #above}: every value above a threshold (ReLU: 0; BatchTopK inference);</li>
 *   <li>{@link #jump}: JumpReLU, every value above its latent's own threshold theta_f, and apart the values within
 *       half a kernel bandwidth of it (where the straight-through estimator gives theta a gradient).</li>
 * </ul>
 * The per-row top-k estimates a cut from a sample, gathers the few values above it and runs quickselect on
 * them: about F comparisons per row (several times faster than PyTorch's CPU topk here). The scans compare L lanes
 * per instruction with the Vector API ({@link VectorSelection}) when {@code jdk.incubator.vector} is in the boot layer
 * ({@code bin/husai} and the tests add it with {@code --add-modules}), else one value at a time; both paths give the
 * same codes in the same order, and the sparse pass's dot products are the same bits too ({@link SparseStep#dot}), so
 * a run's weights do not depend on which path ran.
 */
final class Selection {
    /** The Vector API path is used (the module is present and {@code -Dhusai.sae.scalar=true} is not set). */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("husai.sae.scalar") && VectorSelection.usable();

    private Selection() {
    }

    /**
     * Per-thread scratch for {@link #topK}, for rows of up to F candidates. It carries the cut guessed for
     * the next row, so use one per fixed run of rows (the result never depends on the guess, only the speed).
     */
    static final class Scratch {
        final float[] v;
        final int[] ix;
        final float[] sample = new float[SAMPLES];
        /** A row with the latents off a list at most 0 ({@link #topK} with {@code latents}), allocated at the first. */
        float[] listed;
        /** {@code +inf} for the latents of {@link #maskOf}'s first {@link #maskCount}, 0 for the others. */
        float[] listMask;
        int[] maskOf;
        int maskCount;
        float cut = Float.NaN;
        float margin;

        Scratch(int f) {
            v = new float[f + 1];
            ix = new int[f + 1];
        }
    }

    private static final int SAMPLES = 128;

    /**
     * Appends to {@code out} the top k positive values of {@code pre[off + j]} for j in {@code latents}
     * (all F when {@code latents == null}, else the first {@code count} of the list) and ends the row.
     * Values above a guessed cut are gathered and the k largest kept ({@link #keepLargest}); if fewer than k pass,
     * a lower cut is tried, then all positive values, so the result is exact whatever the guess. The guess is the
     * previous row's k-th value minus an adaptive margin (rows come from one distribution); the first row of
     * a run estimates it from an evenly spaced sample. With the Vector API the guess is first counted and moved by
     * bisection until k to {@code max(2k, k + 16)} values pass ({@link #placeCut}): for rows whose scale varies (a
     * 4,096-latent TopK at k 4 gathered ~540 candidates a row, and retried 29% of its rows, from the margin alone).
     * A list is read through a mask the scratch keeps for it ({@link #listMask}): do not change a list's entries
     * between rows selected with one scratch.
     */
    static void topK(float[] pre, int off, int f, int[] latents, int count, int k, Scratch s, Codes.Builder out) {
        if (latents != null && VECTOR) {
            VectorSelection.minInto(pre, off, listMask(latents, count, f, s), s.listed, f);
            selectRow(s.listed, 0, f, null, 0, k, s, out);
            return;
        }
        selectRow(pre, off, f, latents, count, k, s, out);
    }

    /**
     * The scratch's mask for the first {@code count} of {@code latents} ({@code +inf} there, 0 elsewhere), built when
     * the list is not the one it was built for (a step's dead latents are one array for all its rows). With it,
     * {@code min(pre, mask)} keeps every listed value as it is and puts every other at or below 0, where the top k
     * positive values never reach: the same codes in the same (ascending latent) order as walking the list, by the
     * vector path over the whole row. The walk through AuxK's dead latents (about 3,050 of 4,096 in a study group, k_aux
     * 64) took 9 us a row, 3.5 s of a 4,096-latent group's 27 s of training; copying the listed values side by side
     * first still cost 1.9 us a row for the copy alone.
     */
    private static float[] listMask(int[] latents, int count, int f, Scratch s) {
        if (s.maskOf != latents || s.maskCount != count) {
            if (s.listMask == null) {
                s.listMask = new float[f];
                s.listed = new float[f];
            }
            Arrays.fill(s.listMask, 0f);
            for (int t = 0; t < count; t++) {
                s.listMask[latents[t]] = Float.POSITIVE_INFINITY;
            }
            s.maskOf = latents;
            s.maskCount = count;
        }
        return s.listMask;
    }

    /** {@link #topK} on a row as given (with {@code latents}, through the list's values one at a time). */
    private static void selectRow(float[] pre, int off, int f, int[] latents, int count, int k, Scratch s,
                                  Codes.Builder out) {
        int n = latents == null ? f : count;
        if (Float.isNaN(s.cut)) {
            s.cut = sampleCut(pre, off, n, latents, k, s);
            s.margin = 0f;
        }
        boolean counted = latents == null && VECTOR;
        boolean spread;
        if (counted) {
            spread = (long) placeCut(pre, off, n, k, s) * SPREAD_RATIO >= 1.5 * n;
        } else {
            spread = (long) k * SPREAD_RATIO >= n;
        }
        int cnt = gather(pre, off, n, latents, s.cut, s, spread);
        if (cnt < k && s.cut > 0f) {
            float lower = Math.max(0f, s.cut - Math.max(4 * s.margin, 0.05f * s.cut));
            cnt = gather(pre, off, n, latents, lower, s, spread);
            if (cnt < k && lower > 0f) {
                cnt = gather(pre, off, n, latents, 0f, s, true);
            }
            s.margin = Math.max(2 * s.margin, 1e-3f);
        } else if (!counted && cnt > 2 * k) {
            s.margin *= 0.7f;
        }
        float kth = cnt > k ? keepLargest(s.v, s.ix, cnt, k) : minOf(s.v, cnt);
        cnt = Math.min(cnt, k);
        for (int i = 0; i < cnt; i++) {
            out.add(s.ix[i], s.v[i]);
        }
        out.endRow();
        s.cut = cnt == k ? Math.max(0f, kth - s.margin) : 0f;
    }

    /**
     * Places the guessed cut {@code s.cut} by counting before any gather: while more than {@code max(2k, k + 16)} values
     * pass it is raised, and while fewer than k pass it is lowered (first by the margin, as a retry would, then by
     * bisection down to 0), each step one count pass, up to 12, keeping at least k above it when the row has k
     * positive values (else the cut is 0: every positive value is kept). The margin adapts as the gathers would
     * (shrunk when more than 2k passed the guess, grown when fewer than k did). Only the speed depends on it: a count
     * pass costs a fraction of gathering hundreds of values, or every positive one after two misses. Returns how many
     * values pass the cut it leaves, which picks the gather ({@link #SPREAD_RATIO}).
     */
    private static int placeCut(float[] pre, int off, int n, int k, Scratch s) {
        int most = Math.max(2 * k, k + 16);
        float cut = s.cut;
        int c = VectorSelection.countAbove(pre, off, off + n, cut);
        if (c > 2 * k) {
            s.margin *= 0.7f;
        }
        if (c >= k && c <= most) {
            return c;
        }
        float lo;
        float hi;
        if (c > most) {
            lo = cut;
            hi = VectorSelection.maxOf(pre, off, off + n);
        } else {
            s.margin = Math.max(2 * s.margin, 1e-3f);
            hi = cut;
            lo = cut > 0f ? Math.max(0f, cut - Math.max(4 * s.margin, 0.05f * cut)) : 0f;
            c = VectorSelection.countAbove(pre, off, off + n, lo);
            if (c < k && lo > 0f) {
                hi = lo;
                lo = 0f;
                c = VectorSelection.countAbove(pre, off, off + n, 0f);
            }
            if (c < k) {
                s.cut = 0f;
                return c;
            }
        }
        for (int step = 0; step < 12 && c > most; step++) {
            float mid = lo + 0.5f * (hi - lo);
            if (!(mid > lo && mid < hi)) {
                break;
            }
            int cm = VectorSelection.countAbove(pre, off, off + n, mid);
            if (cm >= k) {
                lo = mid;
                c = cm;
            } else {
                hi = mid;
            }
        }
        s.cut = lo;
        return c;
    }

    /**
     * Keeps, in place and in their order, the k largest of the {@code m > k} positive values {@code v[0..m)} (with
     * {@code ix} alongside); returns the k-th largest value t, found by bisection on the values' bits (for positive
     * floats their int bits order them): the largest t with {@code #{v >= t} >= k}, each step one count over the m
     * values ({@link VectorSelection#countAtLeast} on L lanes), a step that counts exactly k ends it early; kept: every
     * value above t and the first ones equal to t up to k. Branch-light, where a quickselect on ~50 values mispredicts
     * at every comparison; and faster than ranking each candidate by a count over all of them (m counts instead of
     * ~10-20: a TopK step's selection, 1 seed 5.3-5.8 -> 4.8-5.0 ms, 8 seeds 41-42 -> 38 ms).
     */
    static float keepLargest(float[] v, int[] ix, int m, int k) {
        int lo = Integer.MAX_VALUE;
        int hi = 0;
        for (int i = 0; i < m; i++) {
            int b = Float.floatToRawIntBits(v[i]);
            lo = Math.min(lo, b);
            hi = Math.max(hi, b);
        }
        // invariant: #{v >= lo} >= k and #{v >= hi + 1} < k
        while (lo < hi) {
            int mid = lo + (hi - lo + 1) / 2;
            int c = countAtLeast(v, m, Float.intBitsToFloat(mid));
            if (c == k) {
                lo = mid;
                break;
            }
            if (c > k) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        float t = Float.intBitsToFloat(lo);
        int ties = k - countAbove(v, 0, m, t);
        int j = 0;
        for (int i = 0; i < m; i++) {
            float x = v[i];
            boolean kept = x > t || x == t && ties-- > 0;
            v[j] = x;
            ix[j] = ix[i];
            j += kept ? 1 : 0;
        }
        return minOf(v, k);
    }

    /** {@code #{i < m: v[i] >= t}}. */
    private static int countAtLeast(float[] v, int m, float t) {
        if (VECTOR) {
            return VectorSelection.countAtLeast(v, m, t);
        }
        int c = 0;
        for (int i = 0; i < m; i++) {
            c += v[i] >= t ? 1 : 0;
        }
        return c;
    }

    /**
     * The smallest of the positive values {@code v[0..k)} (a plain comparison: {@code Math.min}'s NaN and signed-zero
     * rules cost a dependent blend per value, and these values are neither).
     */
    private static float minOf(float[] v, int k) {
        float min = Float.POSITIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            float x = v[i];
            min = x < min ? x : min;
        }
        return min;
    }

    /** A cut that about 2k of the row's values pass, from an evenly spaced sample (0 when the row is short). */
    private static float sampleCut(float[] pre, int off, int n, int[] latents, int k, Scratch s) {
        int stride = n / SAMPLES;
        int m = (int) (2L * k * SAMPLES / Math.max(n, 1)) + 4;
        if (stride < 2 || m >= SAMPLES) {
            return 0f;
        }
        for (int t = 0; t < SAMPLES; t++) {
            s.sample[t] = pre[off + (latents == null ? t * stride : latents[t * stride])];
        }
        selectLargest(s.sample, null, SAMPLES, m);
        return Math.max(0f, s.sample[m - 1]);
    }

    /**
     * Rows with at least one latent in this many kept ({@code k >= n / SPREAD_RATIO}) gather without branches
     * ({@link VectorSelection#gatherAbove}): their ~1.5 k candidates put a passing lane in most vectors. Where the cut
     * was counted first ({@link #placeCut}) the count decides in place of 1.5 k: AuxK's dead latents often have fewer
     * than k_aux positive values (3.8 a row of 4,096, k_aux 64: the branch-free gather took 1.7 us of a row's 2.5).
     * Sparser rows (the study's 4,096 latents at k 4) leave most vectors empty, a branch the predictor gets right, and
     * take the lane walk ({@link VectorSelection#gatherAboveSparse}): there the branch-free gather measured 2.6 -> 3.2 ms
     * a step.
     */
    private static final int SPREAD_RATIO = 96;

    /** Gathers the values above {@code cut} into the scratch; returns how many. {@code spread}: see {@link #SPREAD_RATIO}. */
    private static int gather(float[] pre, int off, int n, int[] latents, float cut, Scratch s, boolean spread) {
        int cnt = 0;
        if (latents == null && VECTOR) {
            return spread ? VectorSelection.gatherAbove(pre, off, n, cut, s.v, s.ix)
                    : VectorSelection.gatherAboveSparse(pre, off, n, cut, s.v, s.ix);
        }
        if (latents == null) {
            float[] sv = s.v;
            int[] si = s.ix;
            for (int j = 0; j < n; j++) {
                float v = pre[off + j];
                sv[cnt] = v;
                si[cnt] = j;
                cnt += v > cut ? 1 : 0;
            }
        } else {
            for (int t = 0; t < n; t++) {
                float v = pre[off + latents[t]];
                if (v > cut) {
                    s.v[cnt] = v;
                    s.ix[cnt++] = latents[t];
                }
            }
        }
        return cnt;
    }

    /** Appends every value of the row above {@code thr} (and positive) and ends the row. */
    static void above(float[] pre, int off, int f, float thr, Codes.Builder out) {
        float t = Math.max(thr, 0f);
        int j = VECTOR ? VectorSelection.above(pre, off, f, t, out) : 0;
        for (; j < f; j++) {
            if (pre[off + j] > t) {
                out.add(j, pre[off + j]);
            }
        }
        out.endRow();
    }

    /**
     * JumpReLU on one row: appends {@code pre_f > theta_f} (theta positive) to {@code out}, and with {@code near} given,
     * every {@code (f, pre_f)} with {@code |pre_f - theta_f| < halfBand} to it (the rectangle kernel's support);
     * ends the row of both.
     */
    static void jump(float[] pre, int off, int f, float[] thetaF, float halfBand, Codes.Builder out, Codes.Builder near) {
        int j = VECTOR ? VectorSelection.jump(pre, off, f, thetaF, halfBand, out, near) : 0;
        for (; j < f; j++) {
            float v = pre[off + j];
            float t = thetaF[j];
            if (v > t) {
                out.add(j, v);
            }
            if (near != null && Math.abs(v - t) < halfBand) {
                near.add(j, v);
            }
        }
        out.endRow();
        if (near != null) {
            near.endRow();
        }
    }

    /**
     * The cut of BatchTopK for rows {@code [0, n)} at {@code pre[off..]}: a threshold {@code tau} such that the
     * values {@code > tau} are the (at most) k*N largest positive ones. Returns 0 when there are fewer
     * positives than k*N (then all of them are kept). Exact ties at the cut are all dropped.
     */
    static float batchThreshold(float[] pre, int off, int n, int f, int k) {
        return batchThreshold(pre, off, n, f, k, 1);
    }

    /**
     * {@link #batchThreshold(float[], int, int, int, int)} with its two scans of {@code pre [N, F]} (counting, then
     * gathering the values above the cut) split into {@code parts} contiguous ranges run in parallel; the ranges'
     * values are concatenated in order, so the threshold is the same bits for every {@code parts}.
     */
    static float batchThreshold(float[] pre, int off, int n, int f, int k, int parts) {
        int total = n * f;
        int keep = (int) Math.min((long) k * n, total);
        float banded = BatchBand.threshold(pre, off, total, keep, parts);
        if (!Float.isNaN(banded)) {
            return banded;
        }
        float cut = batchCut(pre, off, total, keep);
        int[] cnts = countParts(pre, off, total, cut, parts);
        if (IntStream.of(cnts).sum() <= keep && cut > 0f) {
            cut = 0f;
            cnts = countParts(pre, off, total, 0f, parts);
        }
        int cnt = IntStream.of(cnts).sum();
        if (cnt <= keep) {
            return 0f;
        }
        // the keep+1 largest positives are all above the cut (at least keep+1 values are), so they are all gathered
        float[] pos = new float[cnt];
        int[] at = new int[parts];
        for (int p = 1; p < parts; p++) {
            at[p] = at[p - 1] + cnts[p - 1];
        }
        float c = cut;
        IntStream.range(0, parts).parallel().forEach(p -> valuesAbove(pre, off + partStart(total, parts, p),
                off + partStart(total, parts, p + 1), c, pos, at[p]));
        selectLargest(pos, null, cnt, keep + 1);
        return pos[keep];
    }

    /** Start of range p of {@code parts} equal ranges of {@code [0, total)}. */
    static int partStart(int total, int parts, int p) {
        return (int) ((long) total * p / parts);
    }

    /** {@link #countAbove} of each of {@code parts} ranges, in parallel. */
    private static int[] countParts(float[] pre, int off, int total, float cut, int parts) {
        int[] cnts = new int[parts];
        IntStream.range(0, parts).parallel().forEach(p -> cnts[p] = countAbove(pre, off + partStart(total, parts, p),
                off + partStart(total, parts, p + 1), cut));
        return cnts;
    }

    private static final int BATCH_SAMPLES = 4096;

    /**
     * A cut about 1.25 (keep + 1) of the block's values pass, from {@link #BATCH_SAMPLES} values at fixed pseudo-random
     * places (0 when the sample is too small to tell); only the speed depends on it, never the threshold.
     */
    private static float batchCut(float[] pre, int off, int total, int keep) {
        long want = (long) Math.ceil(1.25 * (keep + 1.0) * BATCH_SAMPLES / total) + 8;
        if (total < 4 * BATCH_SAMPLES || want >= BATCH_SAMPLES) {
            return 0f;
        }
        float[] sample = new float[BATCH_SAMPLES];
        for (int t = 0; t < BATCH_SAMPLES; t++) {
            sample[t] = pre[off + (int) (((t * 0x9E3779B97F4A7C15L) >>> 33) % total)];
        }
        selectLargest(sample, null, BATCH_SAMPLES, (int) want);
        return Math.max(0f, sample[(int) want - 1]);
    }

    /** How many of {@code pre[from, to)} are {@code > cut}. */
    private static int countAbove(float[] pre, int from, int to, float cut) {
        if (VECTOR) {
            return VectorSelection.countAbove(pre, from, to, cut);
        }
        int cnt = 0;
        for (int i = from; i < to; i++) {
            cnt += pre[i] > cut ? 1 : 0;
        }
        return cnt;
    }

    /** Copies the values {@code > cut} of {@code pre[from, to)} to {@code out} from {@code out[at]} on, in order. */
    private static void valuesAbove(float[] pre, int from, int to, float cut, float[] out, int at) {
        if (VECTOR) {
            VectorSelection.valuesAbove(pre, from, to, cut, out, at);
            return;
        }
        int cnt = at;
        for (int i = from; i < to; i++) {
            if (pre[i] > cut) {
                out[cnt++] = pre[i];
            }
        }
    }

    /**
     * The {@code rank}-th largest (1-based, {@code rank <= n}) of the positive finite values {@code v[0..n)} (reordered),
     * by radix: a positive float's bits order it as an int, so one pass counts the values per top 11 bits (sign 0,
     * exponent, 3 mantissa bits), the bucket holding the rank is gathered and quickselect finds the value there. The
     * same value as {@link #selectLargest}'s {@code v[rank - 1]}, in about two branch-light passes instead of a
     * quickselect over all n (BatchTopK's ~200k candidates a seed).
     */
    static float largestPositive(float[] v, int n, int rank) {
        int[] count = new int[1 << 11];
        for (int i = 0; i < n; i++) {
            count[Float.floatToRawIntBits(v[i]) >>> 20]++;
        }
        int bucket = count.length - 1;
        int above = 0;
        while (above + count[bucket] < rank) {
            above += count[bucket--];
        }
        int m = 0;
        for (int i = 0; i < n; i++) {
            float x = v[i];
            v[m] = x;
            m += Float.floatToRawIntBits(x) >>> 20 == bucket ? 1 : 0;
        }
        selectLargest(v, null, m, rank - above);
        return v[rank - above - 1];
    }

    /** Reorders {@code v[0..n)} (and {@code ix} alongside, if given) so that {@code v[0..k)} are its k largest. */
    static void selectLargest(float[] v, int[] ix, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        int target = k - 1;
        while (lo < hi) {
            float a = v[lo];
            float b = v[(lo + hi) >>> 1];
            float c = v[hi];
            float pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (v[i] > pivot) {
                    i++;
                }
                while (v[j] < pivot) {
                    j--;
                }
                if (i <= j) {
                    float tv = v[i];
                    v[i] = v[j];
                    v[j] = tv;
                    if (ix != null) {
                        int ti = ix[i];
                        ix[i] = ix[j];
                        ix[j] = ti;
                    }
                    i++;
                    j--;
                }
            }
            if (target <= j) {
                hi = j;
            } else if (target >= i) {
                lo = i;
            } else {
                break;
            }
        }
    }

}
