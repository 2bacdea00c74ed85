package dev.husai.trainer.sae;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Selection}'s scans of {@code pre [N, F]} rows with the Vector API ({@code jdk.incubator.vector}, JDK 17):
 * L lanes (16 floats with AVX-512) compared per instruction, and only the lanes that pass are visited one by one. Each
 * method returns exactly what its scalar twin in {@link Selection} returns, in the same (ascending latent) order, so
 * the codes and every trained weight are bit-for-bit the same on either path. Signatures use only arrays and
 * primitives: this class, and with it the incubator module, is loaded only when {@link Selection#VECTOR} is true.
 */
final class VectorSelection {
    private static final VectorSpecies<Float> L = FloatVector.SPECIES_PREFERRED;
    /** Rotations by L/2, L/4, ..., 1 lanes: the fixed tree of {@link #dot}'s lane sum. */
    private static final VectorShuffle<Float>[] HALVES = halves();

    private VectorSelection() {
    }

    /** Appends {@code (j, pre[off + j])} for every {@code j < n} with {@code pre[off + j] > cut} to {@code v, ix}; returns how many. */
    static int gatherAbove(float[] pre, int off, int n, float cut, float[] v, int[] ix) {
        int cnt = 0;
        int j = 0;
        int bound = L.loopBound(n);
        for (; j < bound; j += L.length()) {
            VectorMask<Float> m = FloatVector.fromArray(L, pre, off + j).compare(VectorOperators.GT, cut);
            long bits = m.toLong();
            while (bits != 0) {
                int lane = Long.numberOfTrailingZeros(bits);
                v[cnt] = pre[off + j + lane];
                ix[cnt++] = j + lane;
                bits &= bits - 1;
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

    /** Copies the values {@code > cut} of {@code pre[from, to)} to {@code out} (in order); returns how many. */
    static int valuesAbove(float[] pre, int from, int to, float cut, float[] out) {
        int cnt = 0;
        int i = from;
        int bound = from + L.loopBound(to - from);
        for (; i < bound; i += L.length()) {
            VectorMask<Float> m = FloatVector.fromArray(L, pre, i).compare(VectorOperators.GT, cut);
            long bits = m.toLong();
            while (bits != 0) {
                out[cnt++] = pre[i + Long.numberOfTrailingZeros(bits)];
                bits &= bits - 1;
            }
        }
        for (; i < to; i++) {
            if (pre[i] > cut) {
                out[cnt++] = pre[i];
            }
        }
        return cnt;
    }

    /** Bit l set where {@code pre[at + l] > cut}, for the {@link #lanes()} lanes at {@code at}. */
    static long maskAbove(float[] pre, int at, float cut) {
        return FloatVector.fromArray(L, pre, at).compare(VectorOperators.GT, cut).toLong();
    }

    /** Bit l set where {@code pre[at + l] > thetaF[j + l]}. */
    static long maskAbove(float[] pre, int at, float[] thetaF, int j) {
        return FloatVector.fromArray(L, pre, at).compare(VectorOperators.GT, FloatVector.fromArray(L, thetaF, j)).toLong();
    }

    /** Bit l set where {@code |pre[at + l] - thetaF[j + l]| < halfBand}. */
    static long maskNear(float[] pre, int at, float[] thetaF, int j, float halfBand) {
        return FloatVector.fromArray(L, pre, at).sub(FloatVector.fromArray(L, thetaF, j)).abs()
                .compare(VectorOperators.LT, halfBand).toLong();
    }

    /**
     * {@code sum_i a[i] b[i]} over equal-length arrays: one fused multiply-add per lane and vector, then the lanes
     * summed in a fixed tree (rotate by L/2, add, ..., by 1, add) and the tail added in order. Every step is a lane-wise
     * IEEE operation, so the result is the same interpreted or compiled, run after run (a {@code reduceLanes(ADD)}
     * would leave the order to the implementation).
     */
    static float dot(float[] a, float[] b) {
        int len = a.length;
        int bound = L.loopBound(len);
        FloatVector acc = FloatVector.zero(L);
        for (int i = 0; i < bound; i += L.length()) {
            acc = FloatVector.fromArray(L, a, i).fma(FloatVector.fromArray(L, b, i), acc);
        }
        for (VectorShuffle<Float> h : HALVES) {
            acc = acc.add(acc.rearrange(h));
        }
        float sum = acc.lane(0);
        for (int i = bound; i < len; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] halves() {
        int steps = Integer.numberOfTrailingZeros(L.length());
        VectorShuffle<Float>[] out = new VectorShuffle[steps];
        for (int t = 0; t < steps; t++) {
            out[t] = VectorShuffle.iota(L, L.length() >> (t + 1), 1, true);
        }
        return out;
    }

    /** Lanes per vector. */
    static int lanes() {
        return L.length();
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
}
