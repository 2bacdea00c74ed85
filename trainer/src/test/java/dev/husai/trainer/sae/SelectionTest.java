package dev.husai.trainer.sae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Java top-k against a sort, BatchTopK's cut, the dense kernels against each other, the geometric median. */
class SelectionTest {

    @Test
    void topKMatchesASortOnManyRows() {
        Random rng = new Random(3);
        int f = 512;
        int rows = 300;
        float[] pre = new float[rows * f];
        for (int i = 0; i < pre.length; i++) {
            pre[i] = (float) rng.nextGaussian() - (i / f % 3 == 0 ? 2.5f : 0f);
        }
        for (int k : new int[] {1, 8, 32, 200}) {
            Codes c = topKOfRows(pre, rows, f, k);
            for (int r = 0; r < rows; r++) {
                float[] got = Arrays.copyOfRange(c.val(), c.rowPtr()[r], c.rowPtr()[r + 1]);
                Arrays.sort(got);
                float[] row = Arrays.copyOfRange(pre, r * f, (r + 1) * f);
                Arrays.sort(row);
                float[] want = expected(row, k);
                assertArrayEquals(want, got, "row " + r + " k " + k);
                for (int i = c.rowPtr()[r]; i < c.rowPtr()[r + 1]; i++) {
                    assertEquals(pre[r * f + c.col()[i]], c.val()[i]);
                }
            }
        }
    }

    /** Selection.topK of each of {@code rows} rows of {@code pre [rows, f]}, one scratch carried along. */
    private static Codes topKOfRows(float[] pre, int rows, int f, int k) {
        Codes.Builder b = new Codes.Builder(rows, rows * k);
        Selection.Scratch s = new Selection.Scratch(f);
        for (int r = 0; r < rows; r++) {
            Selection.topK(pre, r * f, f, null, 0, k, s, b);
        }
        return b.build();
    }

    /**
     * Rows whose scale varies a lot from row to row (a wide TopK at small k: the cut guessed from the row before is far
     * too low or too high, so it is moved by counting before the gather): the same codes as a sort, in latent order.
     */
    @Test
    void topKMatchesASortWhenRowScalesVary() {
        Random rng = new Random(21);
        int f = 4096;
        int rows = 120;
        float[] pre = new float[rows * f];
        for (int r = 0; r < rows; r++) {
            double scale = Math.exp(1.5 * rng.nextGaussian());
            for (int j = 0; j < f; j++) {
                pre[r * f + j] = (float) (scale * rng.nextGaussian());
            }
        }
        for (int k : new int[] {1, 4, 40}) {
            Codes c = topKOfRows(pre, rows, f, k);
            for (int r = 0; r < rows; r++) {
                float[] row = Arrays.copyOfRange(pre, r * f, (r + 1) * f);
                float[] sorted = row.clone();
                Arrays.sort(sorted);
                float kth = sorted[f - k];
                assertEquals(k, c.rowPtr()[r + 1] - c.rowPtr()[r], "row " + r + " k " + k);
                int last = -1;
                for (int i = c.rowPtr()[r]; i < c.rowPtr()[r + 1]; i++) {
                    assertTrue(c.col()[i] > last, "latent order");
                    last = c.col()[i];
                    assertEquals(row[c.col()[i]], c.val()[i]);
                    assertTrue(c.val()[i] >= kth, "row " + r + ": " + c.val()[i] + " below the k-th " + kth);
                }
            }
        }
    }

    /**
     * Top k among a list of latents (AuxK's dead ones): the k largest positive values of the listed latents, the first
     * in list order among values tied at the k-th, appended in list order; values on a coarse grid so that ties are
     * common, rows with fewer than k positive listed values kept whole.
     */
    @Test
    void topKAmongListedLatentsIsTheSortedRule() {
        Random rng = new Random(41);
        int f = 4096;
        int rows = 200;
        int[] listed = IntStream.range(0, f).filter(j -> rng.nextInt(9) < 5).toArray();
        float[] pre = new float[rows * f];
        for (int r = 0; r < rows; r++) {
            double shift = r % 10 == 0 ? -3.5 : 0;
            for (int j = 0; j < f; j++) {
                pre[r * f + j] = Math.round(4 * (rng.nextGaussian() + shift)) / 4f;
            }
        }
        for (int k : new int[] {1, 4, 64}) {
            Codes.Builder b = new Codes.Builder(rows, rows * k);
            Selection.Scratch s = new Selection.Scratch(f);
            for (int r = 0; r < rows; r++) {
                Selection.topK(pre, r * f, f, listed, listed.length, k, s, b);
            }
            Codes c = b.build();
            for (int r = 0; r < rows; r++) {
                int[] want = listedTopK(pre, r * f, listed, k);
                int[] got = Arrays.copyOfRange(c.col(), c.rowPtr()[r], c.rowPtr()[r + 1]);
                assertArrayEquals(want, got, "row " + r + " k " + k);
                for (int i = c.rowPtr()[r]; i < c.rowPtr()[r + 1]; i++) {
                    assertEquals(pre[r * f + c.col()[i]], c.val()[i]);
                }
            }
        }
    }

    /** The rule, plainly: the listed latents ranked by value (descending, list order among ties), the first k positive. */
    private static int[] listedTopK(float[] pre, int off, int[] listed, int k) {
        Integer[] order = IntStream.range(0, listed.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Float.compare(pre[off + listed[b]], pre[off + listed[a]]));
        return Arrays.stream(order).limit(k).filter(t -> pre[off + listed[t]] > 0).mapToInt(t -> t).sorted()
                .map(t -> listed[t]).toArray();
    }

    /**
     * keepLargest keeps the k largest in their order (by bisection on the values' bits, the first of the values tied at
     * the k-th kept): hand-checked cases, then random ones against a sort, ties included.
     */
    @Test
    void keepLargestKeepsTheKLargestInOrder() {
        float[] v = {0.5f, 3f, 1f, 2f, 2f, 0.7f};
        int[] ix = {10, 11, 12, 13, 14, 15};
        assertEquals(2f, Selection.keepLargest(v, ix, 6, 3), "the 3rd largest");
        assertArrayEquals(new float[] {3f, 2f, 2f}, Arrays.copyOf(v, 3));
        assertArrayEquals(new int[] {11, 13, 14}, Arrays.copyOf(ix, 3), "kept in their order");
        float[] tie = {1f, 2f, 2f, 2f, 0.5f};
        int[] tix = {0, 1, 2, 3, 4};
        assertEquals(2f, Selection.keepLargest(tie, tix, 5, 2), "a tie at the k-th value");
        assertArrayEquals(new int[] {1, 2}, Arrays.copyOf(tix, 2), "the first of the tied values");
        Random rng = new Random(8);
        for (int trial = 0; trial < 400; trial++) {
            int m = 2 + rng.nextInt(trial % 2 == 0 ? 150 : 600);
            int k = 1 + rng.nextInt(m - 1);
            float[] x = new float[m];
            int[] at = new int[m];
            for (int i = 0; i < m; i++) {
                x[i] = trial % 3 == 0 ? 1 + rng.nextInt(5) : (float) Math.abs(rng.nextGaussian()) + 1e-3f;
                at[i] = i;
            }
            float[] sorted = x.clone();
            Arrays.sort(sorted);
            float[] before = x.clone();
            assertEquals(sorted[m - k], Selection.keepLargest(x, at, m, k), "the k-th largest, m " + m + " k " + k);
            float[] kept = Arrays.copyOf(x, k);
            Arrays.sort(kept);
            assertArrayEquals(Arrays.copyOfRange(sorted, m - k, m), kept, "m " + m + " k " + k);
            for (int i = 0; i < k; i++) {
                assertEquals(before[at[i]], x[i], "value and index stay together");
                assertTrue(i == 0 || at[i - 1] < at[i], "kept in their order");
            }
        }
    }

    /** The k largest positive values of an ascending row, ascending. */
    private static float[] expected(float[] sortedRow, int k) {
        int f = sortedRow.length;
        int from = f - k;
        while (from < f && sortedRow[from] <= 0) {
            from++;
        }
        return Arrays.copyOfRange(sortedRow, from, f);
    }

    @Test
    void batchThresholdKeepsExactlyKTimesN() {
        Random rng = new Random(5);
        int n = 64;
        int f = 128;
        float[] pre = new float[n * f];
        for (int i = 0; i < pre.length; i++) {
            pre[i] = (float) rng.nextGaussian();
        }
        float tau = Selection.batchThreshold(pre, 0, n, f, 4);
        long kept = IntStream.range(0, pre.length).filter(i -> pre[i] > tau).count();
        assertEquals(4L * n, kept);
    }

    @Test
    void batchThresholdIsTheSameSplitIntoParallelParts() {
        Random rng = new Random(6);
        int n = 256;
        int f = 512;
        float[] pre = new float[3 + n * f];
        for (int i = 0; i < pre.length; i++) {
            pre[i] = (float) rng.nextGaussian();
        }
        // large enough for the sampled cut (n F >= 4 * 4096); an offset block, ranges not multiples of the lanes
        float one = Selection.batchThreshold(pre, 3, n, f, 8, 1);
        long kept = IntStream.range(3, pre.length).filter(i -> pre[i] > one).count();
        assertEquals(8L * n, kept);
        for (int parts : new int[] {2, 3, 7}) {
            assertEquals(Float.floatToIntBits(one), Float.floatToIntBits(Selection.batchThreshold(pre, 3, n, f, 8, parts)),
                    parts + " parts");
        }
    }

    @Test
    void batchBandFindsTheExactOrderStatistic() {
        Random rng = new Random(7);
        int n = 512;
        int f = 256;
        float[] pre = new float[n * f];
        for (int i = 0; i < pre.length; i++) {
            pre[i] = (float) (rng.nextGaussian() + 0.3 * (i % 7));
        }
        int keep = 16 * n;
        float[] sorted = pre.clone();
        Arrays.sort(sorted);
        float expected = sorted[sorted.length - 1 - keep];
        float band = BatchBand.threshold(pre, 0, pre.length, keep, 2);
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(band), "the band's (keep+1)-th largest");
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(Selection.batchThreshold(pre, 0, n, f, 16, 1)));
        // a block below the band's size, and a cut that is not positive, go the general way
        assertTrue(Float.isNaN(BatchBand.threshold(pre, 0, 4 * BatchBand.SAMPLES - 1, keep, 1)));
        float[] negative = new float[pre.length];
        Arrays.fill(negative, -1f);
        assertTrue(Float.isNaN(BatchBand.threshold(negative, 0, negative.length, keep, 1)));
    }

    /** The radix order statistic of positive values against a sort: ties, one bucket or many, the extreme ranks. */
    @Test
    void largestPositiveIsTheSortedRank() {
        Random rng = new Random(3);
        for (int trial = 0; trial < 40; trial++) {
            int n = 1 + rng.nextInt(trial < 20 ? 50 : 5000);
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = switch (trial % 4) {
                    case 0 -> 1 + rng.nextInt(4);                        // heavy ties
                    case 1 -> 1.5f + 1e-6f * rng.nextInt(100);           // all in one radix bucket
                    case 2 -> (float) Math.exp(8 * rng.nextGaussian());  // buckets over many exponents
                    default -> Float.MIN_VALUE * (1 + rng.nextInt(3));   // subnormals
                };
            }
            float[] sorted = v.clone();
            Arrays.sort(sorted);
            for (int rank : new int[] {1, 1 + rng.nextInt(n), n}) {
                float expected = sorted[n - rank];
                assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(Selection.largestPositive(v.clone(), n, rank)),
                        "trial " + trial + ", rank " + rank + " of " + n);
            }
        }
    }

    @Test
    void blasAndTorchKernelsAgree() {
        Random rng = new Random(9);
        int a = 2;
        int n = 33;
        int d = 16;
        int f = 40;
        float[] x = new float[a * n * d];
        float[] w = new float[a * f * d];
        float[] bias = new float[a * f];
        for (float[] v : new float[][] {x, w, bias}) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rng.nextGaussian();
            }
        }
        float[] viaBlas = new float[a * n * f];
        float[] viaTorch = new float[a * n * f];
        float[][] perSeed = new float[a][];
        for (int s = 0; s < a; s++) {
            perSeed[s] = java.util.Arrays.copyOfRange(w, s * f * d, (s + 1) * f * d);
        }
        new DenseKernel.BlasKernel().preActivations(x, perSeed, bias, a, n, d, f, viaBlas);
        try (TorchKernel t = new TorchKernel()) {
            t.preActivations(x, perSeed, bias, a, n, d, f, viaTorch);
        }
        float expected = bias[f + 7];
        for (int c = 0; c < d; c++) {
            expected += x[n * d + 5 * d + c] * w[f * d + 7 * d + c];
        }
        assertEquals(expected, viaBlas[n * f + 5 * f + 7], 1e-4);
        assertArrayEquals(viaBlas, viaTorch, 1e-4f);
    }

    @Test
    void geometricMedianIgnoresAnOutlier() {
        float[] line = {0, 1, 2, 3, 100};
        assertEquals(2.0, GeometricMedian.weiszfeld(line, 5, 1, 500)[0], 1e-2);
        float[] square = {0, 0, 1, 0, 0, 1, 1, 1, 100, 100};
        float[] m = GeometricMedian.weiszfeld(square, 5, 2, 500);
        assertEquals(m[0], m[1], 1e-4);
        assertEquals(0.5, m[0], 0.5, "inside the unit square, not at the mean 20.4");
    }
}
