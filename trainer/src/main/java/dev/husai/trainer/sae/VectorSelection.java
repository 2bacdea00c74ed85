package dev.husai.trainer.sae;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Selection}'s scans of {@code pre [N, F]} rows with the Vector API ({@code jdk.incubator.vector}, JDK 17):
 * L lanes (16 floats with AVX-512) compared per instruction. TopK's gather ({@link #gatherAbove}) takes a vector's passing
 * lanes from the bits of its mask without a branch per lane; the other scans visit only a vector with passing lanes,
 * one value at a time from its first passing lane until all are taken ({@code trueCount}, {@code firstTrue}: JDK 17
 * has no intrinsic for {@code VectorMask.toLong}). Each method returns exactly what its scalar twin in
 * {@link Selection} (or {@link SparseStep}, {@link DenseStep}, {@link Adam}) returns, in the same (ascending latent)
 * order, so the codes, and with {@link #dot}, {@link #reconstruct} and {@link #accumulate} every trained weight, are
 * bit-for-bit the same on either path. Every vector here has L lanes: a second shape beside it made C2's type
 * profiles bimorphic (see {@link #dot}). Signatures use only arrays and primitives (and {@link Codes.Builder}): this
 * class, and with it the incubator module, is loaded only when {@link Selection#VECTOR} is true.
 */
final class VectorSelection {
    private static final VectorSpecies<Float> L = FloatVector.SPECIES_PREFERRED;
    /** Lane i holds the float whose bits are {@code 1 << i} ({@link #laneBits}; L is at most 32 lanes: {@link #usable}). */
    private static final FloatVector LANE_BITS = FloatVector.fromArray(L, laneBitPatterns(L.length()), 0);
    /** Lane i takes lane i + 8 (of 16): {@link #dot}'s second add of a block; null unless L has 16 lanes. */
    private static final VectorShuffle<Float> DOWN8 = L.length() == 16 ? VectorShuffle.fromOp(L, i -> (i + 8) % 16) : null;

    private VectorSelection() {
    }

    private static float[] laneBitPatterns(int lanes) {
        float[] bits = new float[lanes];
        for (int i = 0; i < Math.min(lanes, Integer.SIZE); i++) {
            bits[i] = Float.intBitsToFloat(1 << i);
        }
        return bits;
    }

    /**
     * Appends {@code (j, pre[off + j])} for every {@code j < n} with {@code pre[off + j] > cut} to {@code v, ix}, in
     * order; returns how many. Writes only {@code v[0, n)} and {@code ix[0, n)}: before vector j at most j values passed.
     * <p>
     * Without a branch per lane or per vector: a vector's passing lanes become the bits of an int ({@link #laneBits}),
     * its first two passing lanes are written whether or not they pass (the cursor then moves by the number that
     * passed, so a lane that did not is overwritten), and only a vector with three or more (about 5% of those with any
     * at TopK's cuts) loops over the rest. A row's ~50 candidates among 1,024 values made the lane-by-lane walk
     * mispredict at most of them (1.0 us a row inside {@link Selection#topK} on a real pre-activation block, 0.51-0.56
     * us this way; a probe that repeats the same rows and cuts lets the branch predictor learn them and hides this).
     * JDK 17 has neither {@code compress} nor an intrinsic {@code VectorMask.toLong}.
     */
    static int gatherAbove(float[] pre, int off, int n, float cut, float[] v, int[] ix) {
        int cnt = 0;
        int j = 0;
        int bound = L.loopBound(n);
        int last = L.length() - 1;
        for (; j < bound; j += L.length()) {
            int bits = laneBits(FloatVector.fromArray(L, pre, off + j).compare(VectorOperators.GT, cut));
            int first = j + Math.min(last, Integer.numberOfTrailingZeros(bits));
            v[cnt] = pre[off + first];
            ix[cnt] = first;
            int rest = bits & (bits - 1);
            int second = j + Math.min(last, Integer.numberOfTrailingZeros(rest));
            v[cnt + 1] = pre[off + second];
            ix[cnt + 1] = second;
            int passed = Integer.bitCount(bits);
            if (passed > 2) {
                int at = cnt + 2;
                for (int b = rest & (rest - 1); b != 0; b &= b - 1) {
                    int c = j + Integer.numberOfTrailingZeros(b);
                    v[at] = pre[off + c];
                    ix[at++] = c;
                }
            }
            cnt += passed;
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

    /**
     * {@link #gatherAbove}, the same result, for rows whose passing values are few: only a vector with passing lanes is
     * visited, lane by lane from its first passing lane until all are taken (a branch per vector that is mostly not
     * taken, and predicted so).
     */
    static int gatherAboveSparse(float[] pre, int off, int n, float cut, float[] v, int[] ix) {
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

    /**
     * The set lanes of a mask as the bits of an int (lane i: bit i): the floats whose bits are {@code 1 << i}
     * ({@link #LANE_BITS}) blended into a zero vector by the mask, taken as ints and or-ed together; each step an
     * intrinsic on JDK 17.
     */
    private static int laneBits(VectorMask<Float> m) {
        return FloatVector.zero(L).blend(LANE_BITS, m).reinterpretAsInts().reduceLanes(VectorOperators.OR);
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
     * {@code sum_i a[i] b[i]}, bit for bit {@link SparseStep#scalarDot}: its eight accumulators are eight lanes (lane l
     * sums {@code a[i] b[i]} for i = l mod 8 in order, a multiply then an add as Java's scalar code does, no fused
     * multiply-add); what the vectors leave (a block of eight, the tail) and the tree that adds the lanes are its own
     * scalar code ({@link SparseStep#continueDot}). On L = 16 lanes each block of 16 products is added
     * twice, as it is and turned down by eight lanes ({@link #DOWN8}), so lanes 0-7 take products i and i + 8 in
     * that order (lanes 8-15 are not read). Only L-lane vectors: a second vector shape in the hot loops (this dot
     * on 256-bit vectors beside 512-bit ones elsewhere) made the JIT's type profiles bimorphic, and then now and then
     * compiled a loop that keeps vectors in registers with boxed vectors instead, 5-8x slower.
     */
    static float dot(float[] a, float[] b) {
        return dot(a, 0, b, 0, a.length);
    }

    /** {@link #dot(float[], float[])} of {@code a[aAt ..+ len)} and {@code b[bAt ..+ len)}: the same operations, the same bits. */
    static float dot(float[] a, int aAt, float[] b, int bAt, int len) {
        int l = L.length();
        if (l != 8 && l != 16) {
            return SparseStep.scalarDot(a, aAt, b, bAt, len);
        }
        int bound = L.loopBound(len);
        FloatVector acc = FloatVector.zero(L);
        for (int i = 0; i < bound; i += l) {
            FloatVector p = FloatVector.fromArray(L, a, aAt + i).mul(FloatVector.fromArray(L, b, bAt + i));
            acc = acc.add(p);
            if (l == 16) {
                acc = acc.add(p.rearrange(DOWN8));
            }
        }
        return SparseStep.continueDot(a, aAt, b, bAt, bound, len, acc.lane(0), acc.lane(1), acc.lane(2), acc.lane(3),
                acc.lane(4), acc.lane(5), acc.lane(6), acc.lane(7));
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
     * {@code e = b + sum_i val[i] W[col[i]]} for {@code i} in {@code [from, to)}, bit for bit {@code e = b} then one
     * {@link #axpy} per entry in order: each element sees the same multiplies and adds in the same order, but four
     * vectors of {@code e} stay in registers across the entries (one store each instead of one per entry).
     */
    static void reconstruct(float[] b, float[][] w, int[] col, float[] val, int from, int to, float[] e) {
        int len = e.length;
        int l = L.length();
        int c = 0;
        for (; c + 4 * l <= len; c += 4 * l) {
            FloatVector a0 = FloatVector.fromArray(L, b, c);
            FloatVector a1 = FloatVector.fromArray(L, b, c + l);
            FloatVector a2 = FloatVector.fromArray(L, b, c + 2 * l);
            FloatVector a3 = FloatVector.fromArray(L, b, c + 3 * l);
            for (int i = from; i < to; i++) {
                float z = val[i];
                float[] wr = w[col[i]];
                a0 = a0.add(FloatVector.fromArray(L, wr, c).mul(z));
                a1 = a1.add(FloatVector.fromArray(L, wr, c + l).mul(z));
                a2 = a2.add(FloatVector.fromArray(L, wr, c + 2 * l).mul(z));
                a3 = a3.add(FloatVector.fromArray(L, wr, c + 3 * l).mul(z));
            }
            a0.intoArray(e, c);
            a1.intoArray(e, c + l);
            a2.intoArray(e, c + 2 * l);
            a3.intoArray(e, c + 3 * l);
        }
        for (; c + l <= len; c += l) {
            FloatVector a0 = FloatVector.fromArray(L, b, c);
            for (int i = from; i < to; i++) {
                a0 = a0.add(FloatVector.fromArray(L, w[col[i]], c).mul(val[i]));
            }
            a0.intoArray(e, c);
        }
        for (; c < len; c++) {
            float a0 = b[c];
            for (int i = from; i < to; i++) {
                a0 += val[i] * w[col[i]][c];
            }
            e[c] = a0;
        }
    }

    /**
     * {@link LatentBlocks}' terms of one latent: {@code dec += z[p] gradRows[row[p] ..+ d)} and
     * {@code enc += dz[p] xcRows[row[p] ..+ d)} for p in {@code [p0, p1)} in order ({@code row[p]}: a row's offset),
     * each element the same multiplies and adds in the same order as one {@link #axpy2} per entry; four vectors of
     * each sum in registers.
     */
    static void accumulate(float[] dec, float[] enc, int p0, int p1, float[] z, float[] dz, int[] row,
                           float[] gradRows, float[] xcRows) {
        int d = dec.length;
        int l = L.length();
        int c = 0;
        for (; c + 4 * l <= d; c += 4 * l) {
            FloatVector a0 = FloatVector.fromArray(L, dec, c);
            FloatVector a1 = FloatVector.fromArray(L, dec, c + l);
            FloatVector a2 = FloatVector.fromArray(L, dec, c + 2 * l);
            FloatVector a3 = FloatVector.fromArray(L, dec, c + 3 * l);
            FloatVector b0 = FloatVector.fromArray(L, enc, c);
            FloatVector b1 = FloatVector.fromArray(L, enc, c + l);
            FloatVector b2 = FloatVector.fromArray(L, enc, c + 2 * l);
            FloatVector b3 = FloatVector.fromArray(L, enc, c + 3 * l);
            for (int p = p0; p < p1; p++) {
                int at = row[p] + c;
                float zp = z[p];
                float dzp = dz[p];
                a0 = a0.add(FloatVector.fromArray(L, gradRows, at).mul(zp));
                a1 = a1.add(FloatVector.fromArray(L, gradRows, at + l).mul(zp));
                a2 = a2.add(FloatVector.fromArray(L, gradRows, at + 2 * l).mul(zp));
                a3 = a3.add(FloatVector.fromArray(L, gradRows, at + 3 * l).mul(zp));
                b0 = b0.add(FloatVector.fromArray(L, xcRows, at).mul(dzp));
                b1 = b1.add(FloatVector.fromArray(L, xcRows, at + l).mul(dzp));
                b2 = b2.add(FloatVector.fromArray(L, xcRows, at + 2 * l).mul(dzp));
                b3 = b3.add(FloatVector.fromArray(L, xcRows, at + 3 * l).mul(dzp));
            }
            a0.intoArray(dec, c);
            a1.intoArray(dec, c + l);
            a2.intoArray(dec, c + 2 * l);
            a3.intoArray(dec, c + 3 * l);
            b0.intoArray(enc, c);
            b1.intoArray(enc, c + l);
            b2.intoArray(enc, c + 2 * l);
            b3.intoArray(enc, c + 3 * l);
        }
        for (; c + l <= d; c += l) {
            FloatVector a0 = FloatVector.fromArray(L, dec, c);
            FloatVector b0 = FloatVector.fromArray(L, enc, c);
            for (int p = p0; p < p1; p++) {
                a0 = a0.add(FloatVector.fromArray(L, gradRows, row[p] + c).mul(z[p]));
                b0 = b0.add(FloatVector.fromArray(L, xcRows, row[p] + c).mul(dz[p]));
            }
            a0.intoArray(dec, c);
            b0.intoArray(enc, c);
        }
        for (; c < d; c++) {
            float a0 = dec[c];
            float b0 = enc[c];
            for (int p = p0; p < p1; p++) {
                a0 += z[p] * gradRows[row[p] + c];
                b0 += dz[p] * xcRows[row[p] + c];
            }
            dec[c] = a0;
            enc[c] = b0;
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

    /** True when the preferred vectors hold 8 to 32 floats (AVX2 or wider; a lane mask fits an int, {@link #laneBits}), so this path is the faster one. */
    static boolean usable() {
        return L.length() >= 8 && L.length() <= Integer.SIZE;
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

    /** {@code out[j] = min(pre[off + j], mask[j])} for {@code j < f} ({@link Math#min}'s rules, as the lanes' min). */
    static void minInto(float[] pre, int off, float[] mask, float[] out, int f) {
        int j = 0;
        int bound = L.loopBound(f);
        for (; j < bound; j += L.length()) {
            FloatVector.fromArray(L, pre, off + j).min(FloatVector.fromArray(L, mask, j)).intoArray(out, j);
        }
        for (; j < f; j++) {
            out[j] = Math.min(pre[off + j], mask[j]);
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
