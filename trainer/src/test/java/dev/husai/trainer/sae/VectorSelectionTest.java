package dev.husai.trainer.sae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Vector API scans give exactly the scalar results, in the same order, on rows whose width is no multiple of the
 * lanes and with ties at the cut; BatchTopK's sampled cut never changes its threshold.
 */
class VectorSelectionTest {

    /** Values on a coarse grid (ties) around 0. */
    private static float[] grid(Random rng, int len) {
        float[] v = new float[len];
        for (int i = 0; i < len; i++) {
            v[i] = Math.round(rng.nextGaussian() * 8) / 8f;
        }
        return v;
    }

    @Test
    void theVectorPathIsOnInTheTests() {
        assertTrue(Selection.VECTOR, "surefire adds --add-modules jdk.incubator.vector");
    }

    @Test
    void theBandScansEqualTheScalarLoops() {
        Random rng = new Random(13);
        float[] pre = grid(rng, 3001);
        for (float[] lohi : new float[][] {{0f, 0.5f}, {0.125f, 0.125f + 1e-7f}, {-1f, 3f}}) {
            float lo = lohi[0];
            float hi = lohi[1];
            long cLo = 0;
            long cHi = 0;
            float[] want = new float[pre.length];
            int cnt = 0;
            for (int i = 7; i < pre.length; i++) {
                cLo += pre[i] > lo ? 1 : 0;
                cHi += pre[i] > hi ? 1 : 0;
                if (pre[i] > lo && pre[i] <= hi) {
                    want[cnt++] = pre[i];
                }
            }
            assertEquals(cLo << 32 | cHi, VectorSelection.countTwo(pre, 7, pre.length, lo, hi));
            float[] got = new float[cnt + 2];
            VectorSelection.between(pre, 7, pre.length, lo, hi, got, 2);
            assertArrayEquals(Arrays.copyOf(want, cnt), Arrays.copyOfRange(got, 2, cnt + 2));
        }
    }

    @Test
    void adamIsTheScalarLoopBitForBitAndFlagsANonFiniteValue() {
        Random rng = new Random(19);
        for (int len : new int[] {1, 15, 16, 37, 128, 512}) {
            float[] theta = new float[len];
            float[] g = new float[len];
            float[] m = new float[len];
            float[] v = new float[len];
            for (int i = 0; i < len; i++) {
                theta[i] = (float) rng.nextGaussian();
                g[i] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(7) - 5));
                m[i] = (float) rng.nextGaussian() * 1e-3f;
                v[i] = (float) Math.abs(rng.nextGaussian()) * 1e-6f;
            }
            float[][] want = {theta.clone(), g.clone(), m.clone(), v.clone()};
            for (int t = 1; t <= 3; t++) {
                float c1 = (float) (1e-3 / (1 - Math.pow(0.9, t)));
                float c2 = (float) (1 / (1 - Math.pow(0.999, t)));
                double sum = Adam.scalar(want[0], 0, len, want[1], want[2], want[3], 0, 0, 0.9f, 0.999f, c1, c2, 1e-8f);
                boolean finite = VectorSelection.adam(theta, 0, theta.length, g, m, v, 0, 0.9f, 0.999f, c1, c2, 1e-8f);
                assertArrayEquals(want[0], theta, len + " floats, update " + t);
                assertArrayEquals(want[2], m);
                assertArrayEquals(want[3], v);
                assertEquals(Double.isFinite(sum), finite);
            }
            g[len / 2] = Float.NaN;
            assertFalse(VectorSelection.adam(theta, 0, len, g, m, v, 0, 0.9f, 0.999f, 1e-3f, 1f, 1e-8f),
                    "a NaN gradient is flagged");
        }
    }

    @Test
    void adamOnARowAtAnOffsetOfLongerArraysIsTheRowsOwnBitForBit() {
        Random rng = new Random(29);
        for (int len : new int[] {1, 16, 37, 128}) {
            int at = 1 + rng.nextInt(40);
            int thetaAt = rng.nextInt(30);
            float[] own = new float[len];
            float[] g = new float[len];
            float[] m = new float[len];
            float[] v = new float[len];
            float[] thetaLong = new float[thetaAt + len + 5];
            float[] mLong = new float[at + len + 9];
            float[] vLong = new float[at + len + 9];
            java.util.Arrays.fill(thetaLong, 3f); // the other rows: never touched
            java.util.Arrays.fill(mLong, 7f);
            java.util.Arrays.fill(vLong, 7f);
            for (int i = 0; i < len; i++) {
                own[i] = thetaLong[thetaAt + i] = (float) rng.nextGaussian();
                g[i] = (float) rng.nextGaussian() * 1e-2f;
                m[i] = mLong[at + i] = (float) rng.nextGaussian() * 1e-3f;
                v[i] = vLong[at + i] = (float) Math.abs(rng.nextGaussian()) * 1e-6f;
            }
            float[] thetaScalar = thetaLong.clone();
            float[] mScalar = mLong.clone();
            float[] vScalar = vLong.clone();
            for (int t = 1; t <= 3; t++) {
                float c1 = (float) (1e-3 / (1 - Math.pow(0.9, t)));
                float c2 = (float) (1 / (1 - Math.pow(0.999, t)));
                assertTrue(VectorSelection.adam(own, 0, len, g, m, v, 0, 0.9f, 0.999f, c1, c2, 1e-8f));
                assertTrue(VectorSelection.adam(thetaLong, thetaAt, len, g, mLong, vLong, at, 0.9f, 0.999f, c1, c2, 1e-8f));
                Adam.scalar(thetaScalar, thetaAt, len, g, mScalar, vScalar, at, 0, 0.9f, 0.999f, c1, c2, 1e-8f);
            }
            String where = len + " floats at " + thetaAt + ", moments at " + at;
            assertArrayEquals(own, java.util.Arrays.copyOfRange(thetaLong, thetaAt, thetaAt + len), where);
            assertArrayEquals(thetaLong, thetaScalar, where);
            assertArrayEquals(m, java.util.Arrays.copyOfRange(mLong, at, at + len));
            assertArrayEquals(v, java.util.Arrays.copyOfRange(vLong, at, at + len));
            assertArrayEquals(mLong, mScalar);
            assertArrayEquals(vLong, vScalar);
            assertEquals(7f, mLong[at - 1]);
            assertEquals(7f, vLong[at + len]);
            assertEquals(3f, thetaLong[thetaAt + len]);
        }
    }

    @Test
    void adamWithoutAGradientIsAdamOnAZeroGradientBitForBitOnBothPaths() {
        Random rng = new Random(23);
        for (int len : new int[] {1, 16, 37, 128}) {
            float[] theta = new float[len];
            float[] m = new float[len];
            float[] v = new float[len];
            for (int i = 0; i < len; i++) {
                theta[i] = i % 5 == 0 ? -0f : (float) rng.nextGaussian();
                m[i] = i % 3 == 0 ? -Float.MIN_VALUE : (float) rng.nextGaussian() * 1e-3f;   // b1 m rounds to -0
                v[i] = i % 4 == 0 ? 0f : (float) Math.abs(rng.nextGaussian()) * 1e-6f;
            }
            for (boolean vector : new boolean[] {false, true}) {
                float[][] zeros = {theta.clone(), new float[len], m.clone(), v.clone()};
                float[][] none = {theta.clone(), null, m.clone(), v.clone()};
                for (int t = 1; t <= 3; t++) {
                    float c1 = (float) (1e-3 / (1 - Math.pow(0.9, t)));
                    float c2 = (float) (1 / (1 - Math.pow(0.999, t)));
                    for (float[][] a : new float[][][] {zeros, none}) {
                        if (vector) {
                            assertTrue(VectorSelection.adam(a[0], 0, len, a[1], a[2], a[3], 0, 0.9f, 0.999f, c1, c2,
                                    1e-8f));
                        } else {
                            assertTrue(Double.isFinite(Adam.scalar(a[0], 0, len, a[1], a[2], a[3], 0, 0, 0.9f, 0.999f,
                                    c1, c2, 1e-8f)));
                        }
                    }
                    String at = (vector ? "vector" : "scalar") + ", " + len + " floats, update " + t;
                    assertArrayEquals(zeros[0], none[0], at);
                    assertArrayEquals(zeros[2], none[2], at);
                    assertArrayEquals(zeros[3], none[3], at);
                }
                if (len > 1) {
                    assertNotEquals(theta[1], none[0][1], "a quiet parameter still moves with its momentum");
                }
            }
        }
    }

    @Test
    void axpyIsTheScalarLoopBitForBit() {
        Random rng = new Random(17);
        for (int len : new int[] {1, 15, 16, 37, 128, 512}) {
            float[] x = new float[len];
            float[] y = new float[len];
            for (int i = 0; i < len; i++) {
                x[i] = (float) rng.nextGaussian();
                y[i] = (float) rng.nextGaussian() * 1e3f;
            }
            float a = (float) rng.nextGaussian();
            float[] want = y.clone();
            SparseStep.scalarAxpy(a, x, want);
            VectorSelection.axpy(a, x, y);
            assertArrayEquals(want, y, len + " floats");
            float b = (float) rng.nextGaussian();
            float[] u = x.clone();
            float[] v = y.clone();
            float[] wantY = y.clone();
            float[] wantV = v.clone();
            SparseStep.scalarAxpy(a, x, wantY);
            SparseStep.scalarAxpy(b, u, wantV);
            VectorSelection.axpy2(a, x, y, b, u, v);
            assertArrayEquals(wantY, y, len + " floats, axpy2's first");
            assertArrayEquals(wantV, v, len + " floats, axpy2's second");
        }
    }

    @Test
    void gatherAboveEqualsTheScalarLoop() {
        Random rng = new Random(11);
        for (int f : new int[] {5, 16, 37, 1000, 1024}) {
            float[] pre = grid(rng, 3 * f);
            for (int j = 0; j < 16 && j < f; j++) {
                pre[f + j] = j % 3 == 0 ? 4f : -4f;
            }
            pre[f + f / 2] = Float.NaN;
            for (float cut : new float[] {-1f, 0f, 0.5f, 0.625f, 3f}) {
                float[] v = new float[f];
                int[] ix = new int[f];
                int cnt = VectorSelection.gatherAbove(pre, f, f, cut, v, ix);
                float[] vs = new float[f];
                int[] ixs = new int[f];
                int sparse = VectorSelection.gatherAboveSparse(pre, f, f, cut, vs, ixs);
                assertEquals(cnt, sparse, "both gathers, f " + f + " cut " + cut);
                assertArrayEquals(Arrays.copyOf(ix, cnt), Arrays.copyOf(ixs, sparse));
                assertArrayEquals(Arrays.copyOf(v, cnt), Arrays.copyOf(vs, sparse));
                int want = 0;
                for (int j = 0; j < f; j++) {
                    if (pre[f + j] > cut) {
                        assertEquals(j, ix[want], "f " + f + " cut " + cut);
                        assertEquals(pre[f + j], v[want++]);
                    }
                }
                assertEquals(want, cnt, "f " + f + " cut " + cut);
                assertEquals(want, VectorSelection.countAbove(pre, f, 2 * f, cut));
            }
        }
    }

    @Test
    void aboveAndJumpEqualTheScalarRule() {
        Random rng = new Random(12);
        int f = 37;
        float[] pre = grid(rng, 4 * f);
        float[] theta = grid(rng, f);
        Codes.Builder above = new Codes.Builder(4, 4);
        Codes.Builder out = new Codes.Builder(4, 4);
        Codes.Builder near = new Codes.Builder(4, 4);
        for (int r = 0; r < 4; r++) {
            Selection.above(pre, r * f, f, 0.25f, above);
            Selection.jump(pre, r * f, f, theta, 0.2f, out, near);
        }
        Codes a = above.build();
        Codes o = out.build();
        Codes nr = near.build();
        for (int r = 0; r < 4; r++) {
            int ia = a.rowPtr()[r];
            int io = o.rowPtr()[r];
            int in = nr.rowPtr()[r];
            for (int j = 0; j < f; j++) {
                float v = pre[r * f + j];
                if (v > 0.25f) {
                    assertEquals(j, a.col()[ia++]);
                }
                if (v > theta[j]) {
                    assertEquals(j, o.col()[io++]);
                }
                if (Math.abs(v - theta[j]) < 0.2f) {
                    assertEquals(j, nr.col()[in++]);
                }
            }
            assertArrayEquals(new int[] {a.rowPtr()[r + 1], o.rowPtr()[r + 1], nr.rowPtr()[r + 1]}, new int[] {ia, io, in});
        }
    }

    @Test
    void jumpReluCodesAndGateRowAreTheScalarTwinsBitForBit() {
        Random rng = new Random(14);
        for (int f : new int[] {5, 37, 1024, 1037}) {
            float[] pre = grid(rng, 3 * f);
            float[] theta = grid(rng, f);
            for (int j = 0; j < f; j++) {
                theta[j] = Math.abs(theta[j]) + 0.0625f;
            }
            float[] dZ = new float[3 * f];
            for (int i = 0; i < dZ.length; i++) {
                dZ[i] = i % 11 == 0 ? -0f : (float) rng.nextGaussian();
            }
            JumpTerms jump = new JumpTerms(theta, 0.375f, 0.03, 0);
            float[] zVec = new float[3 * f];
            float[] zRef = new float[3 * f];
            float[][] vec = sums(f);
            float[][] ref = sums(f);
            float[] dVec = dZ.clone();
            float[] dRef = dZ.clone();
            int nVec = 0;
            int nRef = 0;
            for (int r = 0; r < 3; r++) {
                int t = VectorSelection.jumpCodes(pre, r * f, theta, zVec, r * f, f);
                DenseStep.jumpCodes(pre, r * f, theta, zVec, r * f, t, f);
                DenseStep.jumpCodes(pre, r * f, theta, zRef, r * f, 0, f);
                nVec += VectorSelection.jumpGateRow(zVec, r * f, pre, r * f, dVec, r * f, f, jump, jump.l0Term(3),
                        vec[0], vec[1], vec[2], vec[3]);
                nRef += DenseStep.jumpGateRow(zRef, r * f, pre, r * f, dRef, r * f, 0, f, jump, jump.l0Term(3),
                        ref[0], ref[1], ref[2], ref[3]);
            }
            assertArrayEquals(bits(zRef), bits(zVec), "codes, f " + f);
            assertArrayEquals(bits(dRef), bits(dVec), "dPre, f " + f);
            for (int k = 0; k < 3; k++) {
                assertArrayEquals(bits(ref[k]), bits(vec[k]), "sums " + k + ", f " + f);
            }
            float minVec = Float.POSITIVE_INFINITY;
            for (float m : vec[3]) {
                minVec = Math.min(minVec, m);
            }
            assertEquals(ref[3][0], minVec, "smallest code, f " + f);
            assertEquals(nRef, nVec, "codes counted, f " + f);
            assertTrue(Arrays.stream(box(ref[0])).anyMatch(v -> v != 0f), "some pre-activations are near theta");
        }
    }

    /** {@code dLogThetaF, dBencF, codeSumF [f]} at zero and 64 lanes of smallest code at +infinity. */
    private static float[][] sums(int f) {
        float[] min = new float[64];
        Arrays.fill(min, Float.POSITIVE_INFINITY);
        return new float[][] {new float[f], new float[f], new float[f], min};
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    @Test
    void batchThresholdEqualsASortWithTheSampledCut() {
        Random rng = new Random(13);
        int n = 64;
        int f = 1024;
        float[] pre = new float[n * f];
        for (int i = 0; i < pre.length; i++) {
            pre[i] = (float) rng.nextGaussian();
        }
        float[] sorted = pre.clone();
        Arrays.sort(sorted);
        long positives = Arrays.stream(box(pre)).filter(v -> v > 0).count();
        for (int k : new int[] {1, 32, 200, 600}) {
            int keep = k * n;
            float want = positives <= keep ? 0f : sorted[sorted.length - 1 - keep];
            assertEquals(want, Selection.batchThreshold(pre, 0, n, f, k), "k " + k);
        }
    }

    private static Float[] box(float[] v) {
        Float[] out = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    @Test
    void dotIsTheScalarDotBitForBit() {
        float[] a = new float[37];
        float[] b = new float[37];
        for (int i = 0; i < 37; i++) {
            a[i] = i;
            b[i] = 2;
        }
        assertEquals(2 * 36 * 37 / 2f, VectorSelection.dot(a, b), "small integers sum exactly");
        Random rng = new Random(14);
        for (int len : new int[] {3, 8, 15, 16, 23, 24, 37, 128, 136, 512, 1000}) {
            float[] x = new float[len + 5];
            float[] y = new float[len + 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rng.nextGaussian();
            }
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) rng.nextGaussian();
            }
            assertEquals(Float.floatToIntBits(SparseStep.scalarDot(x, 0, y, 0, len)),
                    Float.floatToIntBits(VectorSelection.dot(x, 0, y, 0, len)), "length " + len);
            assertEquals(Float.floatToIntBits(SparseStep.scalarDot(x, 5, y, 3, len)),
                    Float.floatToIntBits(VectorSelection.dot(x, 5, y, 3, len)), "length " + len + " at offsets");
        }
    }

    @Test
    void reconstructIsOneAxpyPerCodeInOrderBitForBit() {
        Random rng = new Random(15);
        for (int d : new int[] {5, 16, 37, 64, 128, 200}) {
            float[][] w = new float[9][d];
            for (float[] row : w) {
                for (int c = 0; c < d; c++) {
                    row[c] = (float) rng.nextGaussian();
                }
            }
            float[] b = new float[d];
            for (int c = 0; c < d; c++) {
                b[c] = (float) rng.nextGaussian();
            }
            int[] col = {7, 0, 3, 8, 3, 5};
            float[] val = new float[col.length];
            for (int i = 0; i < val.length; i++) {
                val[i] = rng.nextFloat() * 3;
            }
            float[] want = b.clone();
            for (int i = 1; i < 5; i++) {
                SparseStep.scalarAxpy(val[i], w[col[i]], want);
            }
            float[] got = new float[d];
            VectorSelection.reconstruct(b, w, col, val, 1, 5, got);
            assertArrayEquals(want, got, "d " + d);
            VectorSelection.reconstruct(b, w, col, val, 2, 2, got);
            assertArrayEquals(b, got, "no codes: b, d " + d);
        }
    }

    @Test
    void accumulateIsOneAxpyPairPerEntryInOrderBitForBit() {
        Random rng = new Random(16);
        for (int d : new int[] {5, 16, 37, 64, 128, 200}) {
            int rows = 6;
            float[] grad = new float[rows * d];
            float[] xc = new float[rows * d];
            for (int i = 0; i < grad.length; i++) {
                grad[i] = (float) rng.nextGaussian();
                xc[i] = (float) rng.nextGaussian();
            }
            int[] row = {0, 2 * d, 5 * d, 3 * d, 2 * d};
            float[] z = new float[row.length];
            float[] dz = new float[row.length];
            for (int p = 0; p < row.length; p++) {
                z[p] = rng.nextFloat();
                dz[p] = (float) rng.nextGaussian();
            }
            float[] dec = new float[d];
            float[] enc = new float[d];
            for (int c = 0; c < d; c++) {
                dec[c] = (float) rng.nextGaussian();
                enc[c] = (float) rng.nextGaussian();
            }
            float[] wantDec = dec.clone();
            float[] wantEnc = enc.clone();
            for (int p = 1; p < row.length; p++) {
                for (int c = 0; c < d; c++) {
                    wantDec[c] += z[p] * grad[row[p] + c];
                    wantEnc[c] += dz[p] * xc[row[p] + c];
                }
            }
            VectorSelection.accumulate(dec, enc, 1, row.length, z, dz, row, grad, xc);
            assertArrayEquals(wantDec, dec, "dW_dec, d " + d);
            assertArrayEquals(wantEnc, enc, "dW_enc, d " + d);
        }
    }
}
