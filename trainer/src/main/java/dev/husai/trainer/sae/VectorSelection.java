package dev.husai.trainer.sae;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Selection}'s scans of {@code pre [N, F]} rows with the Vector API ({@code jdk.incubator.vector}, JDK 17):
 * L lanes (16 floats with AVX-512) compared per instruction; only a vector with passing lanes is visited, one value at a
 * time from its first passing lane until all its passing lanes are taken ({@code trueCount}, {@code firstTrue}: JDK 17
 * has no intrinsic for {@code VectorMask.toLong}). Each
 * method returns exactly what its scalar twin in {@link Selection} returns, in the same (ascending latent) order, so
 * the codes, and with {@link #dot} every trained weight, are bit-for-bit the same on either path. Signatures use only arrays and
 * primitives (and {@link Codes.Builder}): this class, and with it the incubator module, is loaded only when
 * {@link Selection#VECTOR} is true.
 */
final class VectorSelection {
    private static final VectorSpecies<Float> L = FloatVector.SPECIES_PREFERRED;
    /** Eight lanes: {@link #dot}'s accumulators. */
    private static final VectorSpecies<Float> E8 = FloatVector.SPECIES_256;

    private VectorSelection() {
    }

    /** Appends {@code (j, pre[off + j])} for every {@code j < n} with {@code pre[off + j] > cut} to {@code v, ix}; returns how many. */
    static int gatherAbove(float[] pre, int off, int n, float cut, float[] v, int[] ix) {
        int cnt = 0;
        int j = 0;
        int bound = L.loopBound(n);
        for (; j < bound; j += L.length()) {
            VectorMask<Float> m = FloatVector.fromArray(L, pre, off + j).compare(VectorOperators.GT, cut);
            int left = m.trueCount();
            for (int c = left > 0 ? j + m.firstTrue() : j; left > 0; c++) {
                float x = pre[off + c];
                if (x > cut) {
                    v[cnt] = x;
                    ix[cnt++] = c;
                    left--;
                }
            }
        }
        for (; j < n; j++) {
            float x = pre[off + j];
            if (x > cut) {
                v[cnt] = x;
                ix[cnt++] = j;
            }
        }
        return cnt;
    }

    /** Copies the values {@code > cut} of {@code pre[from, to)} to {@code out} from {@code out[at]} on (in order); returns how many. */
    static int valuesAbove(float[] pre, int from, int to, float cut, float[] out, int at) {
        int cnt = at;
        int i = from;
        int bound = from + L.loopBound(to - from);
        for (; i < bound; i += L.length()) {
            VectorMask<Float> m = FloatVector.fromArray(L, pre, i).compare(VectorOperators.GT, cut);
            int left = m.trueCount();
            for (int c = left > 0 ? i + m.firstTrue() : i; left > 0; c++) {
                if (pre[c] > cut) {
                    out[cnt++] = pre[c];
                    left--;
                }
            }
        }
        for (; i < to; i++) {
            if (pre[i] > cut) {
                out[cnt++] = pre[i];
            }
        }
        return cnt - at;
    }

    /** {@link Selection#above}'s whole vectors: appends {@code (j, pre[off + j])} with {@code pre > t}; returns where the tail starts. */
    static int above(float[] pre, int off, int f, float t, Codes.Builder out) {
        int j = 0;
        for (; j + L.length() <= f; j += L.length()) {
            VectorMask<Float> m = FloatVector.fromArray(L, pre, off + j).compare(VectorOperators.GT, t);
            int left = m.trueCount();
            for (int c = left > 0 ? j + m.firstTrue() : j; left > 0; c++) {
                if (pre[off + c] > t) {
                    out.add(c, pre[off + c]);
                    left--;
                }
            }
        }
        return j;
    }

    /**
     * {@link Selection#jump}'s whole vectors: appends {@code pre_f > theta_f} to {@code out} and, with {@code near}
     * given, {@code |pre_f - theta_f| < halfBand} to it, in latent order; returns where the tail starts.
     */
    static int jump(float[] pre, int off, int f, float[] thetaF, float halfBand, Codes.Builder out, Codes.Builder near) {
        int j = 0;
        for (; j + L.length() <= f; j += L.length()) {
            FloatVector p = FloatVector.fromArray(L, pre, off + j);
            FloatVector t = FloatVector.fromArray(L, thetaF, j);
            VectorMask<Float> m = p.compare(VectorOperators.GT, t);
            int left = m.trueCount();
            for (int c = left > 0 ? j + m.firstTrue() : j; left > 0; c++) {
                if (pre[off + c] > thetaF[c]) {
                    out.add(c, pre[off + c]);
                    left--;
                }
            }
            if (near != null) {
                VectorMask<Float> nm = p.sub(t).abs().compare(VectorOperators.LT, halfBand);
                int nl = nm.trueCount();
                for (int c = nl > 0 ? j + nm.firstTrue() : j; nl > 0; c++) {
                    if (Math.abs(pre[off + c] - thetaF[c]) < halfBand) {
                        near.add(c, pre[off + c]);
                        nl--;
                    }
                }
            }
        }
        return j;
    }

    /**
     * {@code sum_i a[i] b[i]}, bit for bit {@link SparseStep#scalarDot}: its eight accumulators are the eight lanes of
     * a 256-bit vector (lane l sums {@code a[i] b[i]} for i = l mod 8 in order, a multiply then an add as Java's
     * scalar code does, no fused multiply-add), the tail goes into lane 0, and the lanes are added in its tree
     * {@code ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))}.
     */
    static float dot(float[] a, float[] b) {
        return dot(a, 0, b, 0, a.length);
    }

    /** {@link #dot(float[], float[])} of {@code a[aAt ..+ len)} and {@code b[bAt ..+ len)}: the same operations, the same bits. */
    static float dot(float[] a, int aAt, float[] b, int bAt, int len) {
        int bound = E8.loopBound(len);
        FloatVector acc = FloatVector.zero(E8);
        for (int i = 0; i < bound; i += 8) {
            acc = acc.add(FloatVector.fromArray(E8, a, aAt + i).mul(FloatVector.fromArray(E8, b, bAt + i)));
        }
        float s0 = acc.lane(0);
        for (int i = bound; i < len; i++) {
            s0 += a[aAt + i] * b[bAt + i];
        }
        return ((s0 + acc.lane(1)) + (acc.lane(2) + acc.lane(3))) + ((acc.lane(4) + acc.lane(5)) + (acc.lane(6) + acc.lane(7)));
    }

    /**
     * {@code y += a * x} over whole arrays of equal length, bit for bit {@link SparseStep#scalarAxpy}: a multiply then an
     * add per lane, no fused multiply-add. About 1.8x C2's own vectorisation of the scalar loop on D = 128 rows.
     */
    static void axpy(float a, float[] x, float[] y) {
        axpy(a, x, 0, y, 0, y.length);
    }

    /** {@link #axpy(float, float[], float[])} on {@code x[xAt ..+ len)} into {@code y[yAt ..+ len)}, the same bits. */
    static void axpy(float a, float[] x, int xAt, float[] y, int yAt, int len) {
        int i = 0;
        int bound = L.loopBound(len);
        for (; i < bound; i += L.length()) {
            FloatVector.fromArray(L, x, xAt + i).mul(a).add(FloatVector.fromArray(L, y, yAt + i)).intoArray(y, yAt + i);
        }
        for (; i < len; i++) {
            y[yAt + i] += a * x[xAt + i];
        }
    }

    /**
     * Two {@link #axpy}s in one pass, {@code y += a * x} and {@code v += b * u} (all of one length): a latent's two
     * gradient rows from one row of the batch, half the loop overhead of two calls; each element the same bits.
     */
    static void axpy2(float a, float[] x, float[] y, float b, float[] u, float[] v) {
        int len = y.length;
        int i = 0;
        int bound = L.loopBound(len);
        for (; i < bound; i += L.length()) {
            FloatVector.fromArray(L, x, i).mul(a).add(FloatVector.fromArray(L, y, i)).intoArray(y, i);
            FloatVector.fromArray(L, u, i).mul(b).add(FloatVector.fromArray(L, v, i)).intoArray(v, i);
        }
        for (; i < len; i++) {
            y[i] += a * x[i];
            v[i] += b * u[i];
        }
    }

    /**
     * {@link Adam}'s update of {@code theta} in place on L lanes, element by element the same float operations in the
     * same order as the scalar loop (no fused multiply-add; the float square root is correctly rounded, as
     * {@code (float) Math.sqrt(double)} of a float is), so every value is bit-for-bit the scalar one. {@code g} null:
     * a zero gradient ({@link Adam#step}), the +0 vector instead of a load. Element i ({@code i < len}) is
     * {@code theta[thetaAt + i]}, with gradient {@code g[i]} and moments {@code m[at + i]}, {@code v[at + i]}.
     *
     * @return whether every new value is finite
     */
    static boolean adam(float[] theta, int thetaAt, int len, float[] g, float[] m, float[] v, int at, float b1, float b2,
                        float c1, float c2, float eps) {
        float a1 = 1 - b1;
        float a2 = 1 - b2;
        VectorMask<Float> bad = L.maskAll(false);
        FloatVector zero = FloatVector.zero(L);
        int i = 0;
        int bound = L.loopBound(len);
        for (; i < bound; i += L.length()) {
            FloatVector gi = g == null ? zero : FloatVector.fromArray(L, g, i);
            FloatVector mi = FloatVector.fromArray(L, m, at + i).mul(b1).add(gi.mul(a1));
            FloatVector vi = FloatVector.fromArray(L, v, at + i).mul(b2).add(gi.mul(a2).mul(gi));
            mi.intoArray(m, at + i);
            vi.intoArray(v, at + i);
            FloatVector denom = vi.mul(c2).lanewise(VectorOperators.SQRT).add(eps);
            FloatVector t1 = FloatVector.fromArray(L, theta, thetaAt + i).sub(mi.mul(c1).div(denom));
            t1.intoArray(theta, thetaAt + i);
            bad = bad.or(t1.mul(0f).compare(VectorOperators.NE, 0f));
        }
        return !bad.anyTrue() & Double.isFinite(Adam.scalar(theta, thetaAt, len, g, m, v, at, i, b1, b2, c1, c2, eps));
    }

    /** True when the preferred vectors hold at least 8 floats (AVX2 or wider), so this path is the faster one. */
    static boolean usable() {
        return L.length() >= 8;
    }

    /** {@link BatchBand#countTwo}: {@code #{x > lo} << 32 | #{x > hi}} over {@code pre[from, to)}. */
    static long countTwo(float[] pre, int from, int to, float lo, float hi) {
        long cLo = 0;
        long cHi = 0;
        int i = from;
        int bound = from + L.loopBound(to - from);
        for (; i < bound; i += L.length()) {
            FloatVector v = FloatVector.fromArray(L, pre, i);
            cLo += v.compare(VectorOperators.GT, lo).trueCount();
            cHi += v.compare(VectorOperators.GT, hi).trueCount();
        }
        for (; i < to; i++) {
            cLo += pre[i] > lo ? 1 : 0;
            cHi += pre[i] > hi ? 1 : 0;
        }
        return cLo << 32 | cHi;
    }

    /** {@link BatchBand#between}: copies the values {@code lo < x <= hi} of {@code pre[from, to)} to {@code out[at..]}, in order. */
    static void between(float[] pre, int from, int to, float lo, float hi, float[] out, int at) {
        int cnt = at;
        int i = from;
        int bound = from + L.loopBound(to - from);
        for (; i < bound; i += L.length()) {
            FloatVector v = FloatVector.fromArray(L, pre, i);
            VectorMask<Float> m = v.compare(VectorOperators.GT, lo).and(v.compare(VectorOperators.LE, hi));
            int left = m.trueCount();
            for (int c = left > 0 ? i + m.firstTrue() : i; left > 0; c++) {
                float x = pre[c];
                if (x > lo && x <= hi) {
                    out[cnt++] = x;
                    left--;
                }
            }
        }
        for (; i < to; i++) {
            float x = pre[i];
            if (x > lo && x <= hi) {
                out[cnt++] = x;
            }
        }
    }

    /** How many of {@code pre[from, to)} are {@code > cut}. */
    static int countAbove(float[] pre, int from, int to, float cut) {
        int cnt = 0;
        int i = from;
        int bound = from + L.loopBound(to - from);
        for (; i < bound; i += L.length()) {
            cnt += FloatVector.fromArray(L, pre, i).compare(VectorOperators.GT, cut).trueCount();
        }
        for (; i < to; i++) {
            cnt += pre[i] > cut ? 1 : 0;
        }
        return cnt;
    }

    /** The largest of {@code pre[from, to)} (NaN if one is NaN), two lane-wise maxima at a time. */
    static float maxOf(float[] pre, int from, int to) {
        int l = L.length();
        float max = Float.NEGATIVE_INFINITY;
        int i = from;
        if (to - from >= 2 * l) {
            FloatVector m0 = FloatVector.fromArray(L, pre, i);
            FloatVector m1 = FloatVector.fromArray(L, pre, i + l);
            for (i += 2 * l; i + 2 * l <= to; i += 2 * l) {
                m0 = m0.max(FloatVector.fromArray(L, pre, i));
                m1 = m1.max(FloatVector.fromArray(L, pre, i + l));
            }
            max = m0.max(m1).reduceLanes(VectorOperators.MAX);
        }
        for (; i < to; i++) {
            max = Math.max(max, pre[i]);
        }
        return max;
    }

    /** How many of {@code pre[off + j] > thetaF[j]} for {@code j < f}. */
    static int countAbove(float[] pre, int off, int f, float[] thetaF) {
        int cnt = 0;
        int j = 0;
        int bound = L.loopBound(f);
        for (; j < bound; j += L.length()) {
            cnt += FloatVector.fromArray(L, pre, off + j).compare(VectorOperators.GT, FloatVector.fromArray(L, thetaF, j)).trueCount();
        }
        for (; j < f; j++) {
            cnt += pre[off + j] > thetaF[j] ? 1 : 0;
        }
        return cnt;
    }

    /**
     * {@link DenseStep#gateRow} on L lanes, the same bits: one row's {@code dPre = 1[z > 0] (dZ + l1Scale ||W_dec[f]||)}
     * in place of {@code dZ}, added to {@code dBencF}; the positive codes added to {@code codeSumF}; the smallest into
     * {@code minLanes} (one slot a lane); returns how many codes are positive.
     */
    static int gateRow(float[] z, int zAt, float[] dZ, int dAt, int f, float l1Scale, float[] normsF, float[] dBencF,
                       float[] codeSumF, float[] minLanes) {
        int nnz = 0;
        int j = 0;
        int bound = L.loopBound(f);
        FloatVector zero = FloatVector.zero(L);
        FloatVector min = FloatVector.fromArray(L, minLanes, 0);
        for (; j < bound; j += L.length()) {
            FloatVector zj = FloatVector.fromArray(L, z, zAt + j);
            VectorMask<Float> fired = zj.compare(VectorOperators.GT, 0f);
            FloatVector l1 = normsF == null ? zero : FloatVector.fromArray(L, normsF, j).mul(l1Scale);
            nnz += gateLanes(zj, fired, FloatVector.fromArray(L, dZ, dAt + j).add(l1), dZ, dAt, j, dBencF, codeSumF);
            min = min.min(FloatVector.broadcast(L, Float.POSITIVE_INFINITY).blend(zj, fired));
        }
        min.intoArray(minLanes, 0);
        return nnz + DenseStep.gateRow(z, zAt, dZ, dAt, j, f, l1Scale, normsF, dBencF, codeSumF, minLanes);
    }

    /**
     * One vector (latents {@code j ..+ L}) of the gate: {@code dPre = fired ? dz : 0} into {@code dZ} and added to
     * {@code dBencF}, the fired codes {@code zj} added to {@code codeSumF}; returns how many fired.
     */
    private static int gateLanes(FloatVector zj, VectorMask<Float> fired, FloatVector dz, float[] dZ, int dAt, int j,
                                 float[] dBencF, float[] codeSumF) {
        FloatVector zero = FloatVector.zero(L);
        FloatVector gated = zero.blend(dz, fired);
        gated.intoArray(dZ, dAt + j);
        FloatVector.fromArray(L, dBencF, j).add(gated).intoArray(dBencF, j);
        FloatVector.fromArray(L, codeSumF, j).add(zero.blend(zj, fired)).intoArray(codeSumF, j);
        return fired.trueCount();
    }

    /**
     * {@code z[to + j] = max(pre[from + j], 0)} (Math.max's semantics) over the whole vectors of a row of {@code f};
     * returns where the tail starts.
     */
    static int relu(float[] pre, int from, float[] z, int to, int f) {
        int j = 0;
        int bound = L.loopBound(f);
        for (; j < bound; j += L.length()) {
            FloatVector.fromArray(L, pre, from + j).max(0f).intoArray(z, to + j);
        }
        return j;
    }

    /**
     * JumpReLU's codes {@code z[to + j] = pre[from + j] > theta_j ? pre[from + j] : 0} over the whole vectors of a row of
     * {@code f} (a select, no arithmetic: the bits of {@link DenseStep#jumpCodes}); returns where the tail starts.
     */
    static int jumpCodes(float[] pre, int from, float[] thetaF, float[] z, int to, int f) {
        int j = 0;
        int bound = L.loopBound(f);
        FloatVector zero = FloatVector.zero(L);
        for (; j < bound; j += L.length()) {
            FloatVector v = FloatVector.fromArray(L, pre, from + j);
            zero.blend(v, v.compare(VectorOperators.GT, FloatVector.fromArray(L, thetaF, j))).intoArray(z, to + j);
        }
        return j;
    }

    /**
     * JumpReLU's row of {@link DenseStep#jumpGateRow} on whole vectors, the same bits: where {@code |pre - theta| < half}
     * adds {@link JumpTerms#logThetaTerm} to {@code dLogThetaF} (the other lanes untouched), then gates {@code dZ} in
     * place as {@link #gateRow} without an L1 term ({@code dZ + 0}, as there), the codes recomputed from {@code pre} and
     * theta instead of read ({@code z} serves the scalar tail); returns how many codes are positive. No branch per
     * vector: near pre-activations are too frequent early in training to predict.
     */
    static int jumpGateRow(float[] z, int zAt, float[] pre, int preAt, float[] dZ, int dAt, int f, JumpTerms jump,
                           float l0Term, float[] dLogThetaF, float[] dBencF, float[] codeSumF, float[] minLanes) {
        float[] thetaF = jump.thetaF();
        float half = jump.halfBand();
        float invBandwidth = 1f / jump.bandwidth();
        int nnz = 0;
        int j = 0;
        int bound = L.loopBound(f);
        FloatVector zero = FloatVector.zero(L);
        FloatVector min = FloatVector.fromArray(L, minLanes, 0);
        for (; j < bound; j += L.length()) {
            FloatVector theta = FloatVector.fromArray(L, thetaF, j);
            FloatVector dz = FloatVector.fromArray(L, dZ, dAt + j);
            FloatVector p = FloatVector.fromArray(L, pre, preAt + j);
            VectorMask<Float> near = p.sub(theta).abs().compare(VectorOperators.LT, half);
            FloatVector term = theta.mul(theta.neg().mul(invBandwidth).mul(dz).sub(l0Term));
            FloatVector sum = FloatVector.fromArray(L, dLogThetaF, j);
            sum.blend(sum.add(term), near).intoArray(dLogThetaF, j);
            FloatVector zj = zero.blend(p, p.compare(VectorOperators.GT, theta));
            VectorMask<Float> fired = zj.compare(VectorOperators.GT, 0f);
            nnz += gateLanes(zj, fired, dz.add(zero), dZ, dAt, j, dBencF, codeSumF);
            min = min.min(FloatVector.broadcast(L, Float.POSITIVE_INFINITY).blend(zj, fired));
        }
        min.intoArray(minLanes, 0);
        return nnz + DenseStep.jumpGateRow(z, zAt, pre, preAt, dZ, dAt, j, f, jump, l0Term, dLogThetaF, dBencF,
                codeSumF, minLanes);
    }

    /** {@code #{i < m: v[i] >= t}} on L lanes ({@link Selection#keepLargest}'s count). */
    static int countAtLeast(float[] v, int m, float t) {
        int c = 0;
        int i = 0;
        int bound = L.loopBound(m);
        for (; i < bound; i += L.length()) {
            c += FloatVector.fromArray(L, v, i).compare(VectorOperators.GE, t).trueCount();
        }
        for (; i < m; i++) {
            c += v[i] >= t ? 1 : 0;
        }
        return c;
    }
}
