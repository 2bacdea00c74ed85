package dev.husai.core.snapshot;

import dev.husai.core.align.CosineMatrix;
import dev.husai.core.align.RowScan;
import dev.husai.core.tensor.FloatMatrix;
import java.util.Arrays;

/**
 * Inference-time encoding of an SAE snapshot, the convention of HUSAI's trainer (and SAELens):
 * {@code pre = (x - b_dec) W_enc + b_enc} ({@code [N, D] -> [N, F]}), then by architecture
 * <ul>
 * <li>{@code relu_l1}: {@code z = ReLU(pre)};</li>
 * <li>{@code topk}: the k largest entries of each row, ReLU'd, the rest 0 (Gao et al. 2024);</li>
 * <li>{@code batch_topk} and {@code matryoshka_batch_topk}: {@code z = pre * [pre > threshold]} with the learned
 * global threshold (Bussmann et al. 2024, 2025), falling back to top-k when the snapshot has none;</li>
 * <li>{@code jumprelu}: {@code z_f = pre_f * [pre_f > theta_f]} with the per-latent {@code threshold [F]}
 * (Rajamanoharan et al. 2024), falling back to top-k when the snapshot has none.</li>
 * </ul>
 * Every arch keeps only positive values.
 */
public final class SaeEncoder {
    private SaeEncoder() {
    }

    /** Codes {@code [N, F]} of inputs {@code xND} for the snapshot's architecture (metadata {@code arch}, {@code k}). */
    public static FloatMatrix encode(SaeSnapshot snapshot, FloatMatrix xND) {
        String arch = snapshot.meta("arch", "relu_l1");
        int k = Integer.parseInt(snapshot.meta("k", "0"));
        return encode(snapshot.weights(), arch, k, xND);
    }

    /** Codes {@code [N, F]}; see the class comment for {@code arch}. */
    public static FloatMatrix encode(SaeWeights w, String arch, int k, FloatMatrix xND) {
        if (xND.cols() != w.dIn()) {
            throw new IllegalArgumentException("expected inputs [N," + w.dIn() + "] for this SAE, found " + xND.shape());
        }
        FloatMatrix centred = centre(xND, w.bDecD());
        FloatMatrix wEncFD = w.wEncDF().transpose();
        int n = xND.rows();
        int f = w.dSae();
        float[] z = new float[Math.multiplyExact(n, f)];
        RowCodes codes = codes(w, arch, k);
        int parts = (n + PART_ROWS - 1) / PART_ROWS;
        java.util.stream.IntStream.range(0, parts).parallel().forEach(p -> {
            int r0 = p * PART_ROWS;
            int r1 = Math.min(n, r0 + PART_ROWS);
            CosineMatrix.productRows(centred, wEncFD, r0, r1, z);
            for (int r = r0; r < r1; r++) {
                for (int j = 0; j < f; j++) {
                    z[r * f + j] += w.bEncF()[j];
                }
                codes.apply(z, r * f);
            }
        });
        return new FloatMatrix(n, f, z);
    }

    /**
     * Rows encoded per task: blocks of inputs are independent tasks, so a summary's seeds (five on two threads: three
     * rounds) share the idle thread of the last round. Each code is one sgemm dot product over D whatever the block,
     * so the codes are the same bits as in one call.
     */
    static final int PART_ROWS = 2048;

    /** One row's codes in place, {@code z[at .. at + F)}: pre-activations in, codes out. */
    private interface RowCodes {
        void apply(float[] z, int at);
    }

    /** The row rule of {@code arch} (parsed once, not per row). */
    private static RowCodes codes(SaeWeights w, String arch, int k) {
        int f = w.dSae();
        return switch (arch.toLowerCase(java.util.Locale.ROOT)) {
            case "topk" -> topK(f, k);
            case "batch_topk", "matryoshka_batch_topk", "jumprelu" -> w.thresholdF() != null
                    ? (z, at) -> threshold(z, at, w.thresholdF()) : topK(f, k);
            case "relu_l1" -> (z, at) -> relu(z, at, f);
            default -> throw new IllegalArgumentException("expected arch relu_l1, topk, batch_topk, jumprelu or matryoshka_batch_topk, found " + arch);
        };
    }

    private static RowCodes topK(int f, int k) {
        if (k <= 0 || k > f) {
            throw new IllegalArgumentException("expected 1 <= k <= " + f + " for a top-k SAE, found k = " + k);
        }
        return (z, at) -> keepTopK(z, at, f, k);
    }

    /**
     * {@code z = pre} where {@code pre > 0}, else 0 (NaN to 0): {@link #threshold} at 0. Through {@link Math#max}, which
     * C2 compiles without a branch (a test {@code pre > 0} mispredicts on about half of a ReLU's codes: 60 of a 1,448-latent
     * encoding's 150 ms over the testbed's 12,769 inputs), then the NaN it lets through made 0 (a branch never taken).
     */
    private static void relu(float[] z, int at, int f) {
        for (int j = at; j < at + f; j++) {
            float y = Math.max(z[j], 0f);
            z[j] = y == y ? y : 0f;
        }
    }

    private static FloatMatrix centre(FloatMatrix xND, float[] bDecD) {
        float[] c = xND.data().clone();
        int d = xND.cols();
        for (int i = 0; i < c.length; i++) {
            c[i] -= bDecD[i % d];
        }
        return new FloatMatrix(xND.rows(), d, c);
    }

    private static void threshold(float[] z, int at, float[] thresholdF) {
        for (int j = 0; j < thresholdF.length; j++) {
            if (!(z[at + j] > thresholdF[j]) || z[at + j] <= 0) {
                z[at + j] = 0;
            }
        }
    }

    /** Row {@code z[at .. at + f)}: its k largest positive entries kept (the first in column order on ties), the rest +0. */
    static void keepTopK(float[] z, int at, int f, int k) {
        float floor = RowScan.kthLaneMaximum(z, at, f, k);
        if (floor == floor && keepTopKAbove(z, at, f, k, floor)) {
            return;
        }
        float kth = k <= SMALL_K ? kthLargestByScan(z, at, at + f, k) : kthLargest(Arrays.copyOfRange(z, at, at + f), k);
        int kept = 0;
        for (int j = 0; j < f; j++) {
            boolean keep = z[at + j] >= kth && kept < k && z[at + j] > 0;
            kept += keep ? 1 : 0;
            if (!keep) {
                z[at + j] = 0;
            }
        }
    }

    /** Most entries at or above the lane maxima's floor {@link #keepTopKAbove} gathers before leaving the row to the scan. */
    private static final int MAX_CANDIDATES = 256;

    /**
     * {@link #keepTopK} from the entries at or above {@code floor} ({@link RowScan#kthLaneMaximum}: no entry below it is
     * among the row's k largest): they are gathered in column order, skipping whole vectors below it, their k-th largest
     * is the row's, and the same rule keeps them (at or above the k-th, the first k in column order, positive); the rest
     * of the row becomes +0. Returns false, the row untouched, when more than {@link #MAX_CANDIDATES} entries pass the
     * floor (ties, a flat row): then the caller scans it whole.
     */
    private static boolean keepTopKAbove(float[] z, int at, int f, int k, float floor) {
        int[] cols = new int[MAX_CANDIDATES];
        float[] vals = new float[MAX_CANDIDATES];
        int n = 0;
        int end = at + f;
        int step = RowScan.lanes();
        for (int j = RowScan.nextAtLeast(z, at, end, floor); j < end; j = RowScan.nextAtLeast(z, j + step, end, floor)) {
            int last = j + step <= end ? j + step : end;
            for (int q = j; q < last; q++) {
                if (z[q] != z[q]) {
                    return false; // a NaN past the whole vectors: the scan orders it above every number
                }
                if (z[q] >= floor) {
                    if (n == MAX_CANDIDATES) {
                        return false;
                    }
                    cols[n] = q;
                    vals[n++] = z[q];
                }
            }
            if (last == end) {
                break;
            }
        }
        float kth = kthLargestByScan(vals, 0, n, k);
        Arrays.fill(z, at, end, 0f);
        int kept = 0;
        for (int c = 0; c < n && kept < k; c++) {
            if (vals[c] >= kth && vals[c] > 0) {
                z[cols[c]] = vals[c];
                kept++;
            }
        }
        return true;
    }

    /**
     * The k-th largest of {@code v} in {@link Float#compare}'s order: the value {@code Arrays.sort} puts at
     * {@code v.length - k}, in O(length) instead of a sort's O(length log length): for k up to {@link #SMALL_K} one
     * scan keeping the k largest, else quickselect with a three-way partition (ties and NaN safe; {@code v} is
     * reordered).
     */
    static float kthLargest(float[] v, int k) {
        if (k <= SMALL_K) {
            return kthLargestByScan(v, 0, v.length, k);
        }
        int target = v.length - k;
        int lo = 0;
        int hi = v.length - 1;
        while (lo < hi) {
            float pivot = medianOfThree(v[lo], v[(lo + hi) >>> 1], v[hi]);
            int lt = lo;
            int i = lo;
            int gt = hi;
            while (i <= gt) {
                int c = Float.compare(v[i], pivot);
                if (c < 0) {
                    swap(v, lt++, i++);
                } else if (c > 0) {
                    swap(v, i, gt--);
                } else {
                    i++;
                }
            }
            if (target < lt) {
                hi = lt - 1;
            } else if (target > gt) {
                lo = gt + 1;
            } else {
                return pivot;
            }
        }
        return v[lo];
    }

    /** Up to this k one scan keeping the k largest seen (ascending) beats the quickselect. */
    private static final int SMALL_K = 64;

    /**
     * The k-th largest of {@code v[from .. to)} by one scan that keeps the k largest values seen, ascending; most values
     * fail the first test. {@link Float#compare}'s order throughout; a value at or below the k-th so far by {@code <=}
     * (neither NaN nor a zero, whose sign that order tells apart) is rejected without the call.
     */
    private static float kthLargestByScan(float[] v, int from, int to, int k) {
        float[] top = new float[k];
        int held = Math.min(k, to - from);
        for (int j = from; j < from + held; j++) {
            float x = v[j];
            int i = j - from;
            for (; i > 0 && Float.compare(top[i - 1], x) > 0; i--) {
                top[i] = top[i - 1];
            }
            top[i] = x;
        }
        float kth = top[0];
        for (int j = from + held; j < to; j++) {
            float x = v[j];
            if (x <= kth && x != 0f || Float.compare(x, kth) <= 0) {
                continue;
            }
            int i = 1;
            for (; i < k && Float.compare(top[i], x) < 0; i++) {
                top[i - 1] = top[i];
            }
            top[i - 1] = x;
            kth = top[0];
        }
        return kth;
    }

    private static float medianOfThree(float a, float b, float c) {
        if (Float.compare(a, b) > 0) {
            float t = a;
            a = b;
            b = t;
        }
        return Float.compare(b, c) <= 0 ? b : Float.compare(a, c) >= 0 ? a : c;
    }

    private static void swap(float[] v, int i, int j) {
        float t = v[i];
        v[i] = v[j];
        v[j] = t;
    }
}
