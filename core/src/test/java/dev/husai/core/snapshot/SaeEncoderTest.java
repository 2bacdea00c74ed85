package dev.husai.core.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.husai.core.tensor.FloatMatrix;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SaeEncoderTest {
    // D = 2, F = 3: W_enc columns pick x0, x1, and x0 - x1; b_dec = (1, 0); b_enc = (0, 0, 0.5)
    private static final SaeWeights W = new SaeWeights(
            new FloatMatrix(2, 3, new float[] {1, 0, 1, 0, 1, -1}),
            new FloatMatrix(3, 2, new float[] {1, 0, 0, 1, 1, -1}),
            new float[] {0, 0, 0.5f}, new float[] {1, 0}, new float[] {2.5f, 0.1f, 0.1f});
    private static final FloatMatrix X = new FloatMatrix(1, 2, new float[] {4, 2});   // x - b_dec = (3, 2)

    @Test
    void reluKeepsPositivePreActivations() {
        // pre = (3, 2, 3 - 2 + 0.5) = (3, 2, 1.5)
        assertArrayEquals(new float[] {3, 2, 1.5f}, SaeEncoder.encode(W, "relu_l1", 0, X).data());
    }

    @Test
    void reluZeroesNaNZerosAndNegativesAsPositiveZero() {
        // identity W_enc over D = F = 4; b_enc puts a NaN in latent 0; pre = (NaN, 0, -2, 3)
        float[] eye = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
        SaeWeights w = new SaeWeights(new FloatMatrix(4, 4, eye), new FloatMatrix(4, 4, eye.clone()),
                new float[] {Float.NaN, -0f, 0, 0}, new float[4], null);
        float[] z = SaeEncoder.encode(w, "relu_l1", 0, new FloatMatrix(1, 4, new float[] {1, -0f, -2, 3})).data();
        assertArrayEquals(new int[] {0, 0, 0, Float.floatToRawIntBits(3f)},
                new int[] {Float.floatToRawIntBits(z[0]), Float.floatToRawIntBits(z[1]), Float.floatToRawIntBits(z[2]),
                        Float.floatToRawIntBits(z[3])});
    }

    @Test
    void inputsEncodedInBlocksAreTheBitsOfOneProduct() {
        Random rng = new Random(11);
        int d = 16;
        int f = 24;
        int n = 2 * SaeEncoder.PART_ROWS + 300;
        SaeWeights w = new SaeWeights(gaussian(rng, d, f), gaussian(rng, f, d), gaussian(rng, 1, f).data(),
                gaussian(rng, 1, d).data(), null);
        FloatMatrix x = gaussian(rng, n, d);
        float[] centred = x.data().clone();
        for (int i = 0; i < centred.length; i++) {
            centred[i] -= w.bDecD()[i % d];
        }
        float[] pre = dev.husai.core.align.CosineMatrix.product(new FloatMatrix(n, d, centred), w.wEncDF().transpose()).data();
        float[] z = SaeEncoder.encode(w, "relu_l1", 0, x).data();
        for (int i = 0; i < pre.length; i++) {
            float expected = Math.max(pre[i] + w.bEncF()[i % f], 0f);
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(z[i]), "entry " + i);
        }
    }

    private static FloatMatrix gaussian(Random rng, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return new FloatMatrix(rows, cols, v);
    }

    @Test
    void topKKeepsTheKLargest() {
        assertArrayEquals(new float[] {3, 2, 0}, SaeEncoder.encode(W, "topk", 2, X).data());
        assertArrayEquals(new float[] {3, 0, 0}, SaeEncoder.encode(W, "topk", 1, X).data());
    }

    @Test
    void batchTopKUsesTheLearnedThreshold() {
        assertArrayEquals(new float[] {3, 2, 1.5f}, SaeEncoder.encode(W, "batch_topk", 1, X).data());
        FloatMatrix low = new FloatMatrix(1, 2, new float[] {3, 0.05f});  // pre = (2, 0.05, 2.45)
        assertArrayEquals(new float[] {0, 0, 2.45f}, SaeEncoder.encode(W, "batch_topk", 1, low).data(), 1e-6f);
    }

    @Test
    void jumpReluGatesEachLatentAtItsOwnThreshold() {
        // theta = (2.5, 0.1, 0.1); pre = (3, 2, 1.5): all above; x = (3, 1) gives pre = (2, 1, 1.5): latent 0 is cut
        FloatMatrix x = new FloatMatrix(1, 2, new float[] {3, 1});
        assertArrayEquals(new float[] {0, 1, 1.5f}, SaeEncoder.encode(W, "jumprelu", 1, x).data(), 1e-6f);
        // pre exactly at theta is cut (z = pre * [pre > theta]): x = (3.5, 0.1) gives pre = (2.5, 0.1, 2.9)
        FloatMatrix at = new FloatMatrix(1, 2, new float[] {3.5f, 0.1f});
        assertArrayEquals(new float[] {0, 0, 2.9f}, SaeEncoder.encode(W, "jumprelu", 1, at).data(), 1e-6f);
    }

    @Test
    void matryoshkaEncodesLikeBatchTopKAtInference() {
        SaeWeights global = new SaeWeights(W.wEncDF(), W.wDecFD(), W.bEncF(), W.bDecD(), new float[] {1.8f, 1.8f, 1.8f});
        // pre = (3, 2, 1.5) against 1.8 everywhere: the third is cut
        assertArrayEquals(new float[] {3, 2, 0}, SaeEncoder.encode(global, "matryoshka_batch_topk", 1, X).data());
        assertArrayEquals(SaeEncoder.encode(global, "batch_topk", 1, X).data(),
                SaeEncoder.encode(global, "matryoshka_batch_topk", 1, X).data());
    }

    @Test
    void wrongWidthAndUnknownArchAreNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SaeEncoder.encode(W, "topk", 1, new FloatMatrix(1, 3, new float[3])));
        org.junit.jupiter.api.Assertions.assertEquals("expected inputs [N,2] for this SAE, found [1,3]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SaeEncoder.encode(W, "gated", 1, X));
    }

    /** The top-k of a row, by the lane maxima's floor or by the whole scan, is the plain rule's: sort, then keep. */
    @Test
    void aRowsTopKIsThePlainRulesWhateverPathItTakes() {
        Random rng = new Random(21);
        int[] widths = {5, 16, 17, 40, 300, 1000, 4096};
        for (int trial = 0; trial < 3000; trial++) {
            int f = widths[trial % widths.length];
            int k = 1 + rng.nextInt(Math.min(f, trial % 5 == 0 ? 40 : 16));
            int at = rng.nextInt(3);
            float[] z = new float[at + f + 2];
            int kind = trial % 6;
            for (int j = 0; j < z.length; j++) {
                z[j] = kind == 0 ? rng.nextInt(3) - 1                          // ties, zeros, negatives
                        : kind == 1 ? (rng.nextBoolean() ? -0f : 0f)           // a flat row of signed zeros
                        : kind == 2 ? 0.5f                                     // a flat positive row: all tie
                        : (float) rng.nextGaussian();
            }
            if (kind == 4) {
                z[at + f - 1 - rng.nextInt(Math.min(f, 20))] = Float.NaN;      // a NaN, often past the whole vectors
            }
            float[] expected = z.clone();
            plainTopK(expected, at, f, k);
            float[] got = z.clone();
            SaeEncoder.keepTopK(got, at, f, k);
            for (int j = 0; j < z.length; j++) {
                assertEquals(Float.floatToRawIntBits(expected[j]), Float.floatToRawIntBits(got[j]),
                        "trial " + trial + ", f " + f + ", k " + k + ", kind " + kind + ", entry " + j);
            }
        }
    }

    /** The rule by a sort: the k-th largest in Float.compare's order, then the first k at or above it that are positive. */
    private static void plainTopK(float[] z, int at, int f, int k) {
        float[] sorted = Arrays.copyOfRange(z, at, at + f);
        Arrays.sort(sorted);
        float kth = sorted[f - k];
        int kept = 0;
        for (int j = at; j < at + f; j++) {
            boolean keep = z[j] >= kth && kept < k && z[j] > 0;
            kept += keep ? 1 : 0;
            if (!keep) {
                z[j] = 0;
            }
        }
    }

    /** The quickselect gives the value a sort puts at length - k, ties, signed zeros and NaN included. */
    @Test
    void kthLargestIsTheSortedValue() {
        assertEquals(3f, SaeEncoder.kthLargest(new float[] {1f, 5f, 3f, 4f, 2f}, 3));
        assertEquals(2f, SaeEncoder.kthLargest(new float[] {2f, 2f, 2f, 1f}, 2), "ties");
        Random rng = new Random(4);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rng.nextInt(700);
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                int kind = rng.nextInt(20);
                v[i] = kind == 0 ? Float.NaN : kind == 1 ? -0f : kind == 2 ? 0f : kind < 8 ? rng.nextInt(4) : (float) rng.nextGaussian();
            }
            int k = 1 + rng.nextInt(n);
            float[] sorted = v.clone();
            Arrays.sort(sorted);
            assertEquals(Float.floatToRawIntBits(sorted[n - k]), Float.floatToRawIntBits(SaeEncoder.kthLargest(v.clone(), k)),
                    "n " + n + " k " + k);
        }
    }
}
