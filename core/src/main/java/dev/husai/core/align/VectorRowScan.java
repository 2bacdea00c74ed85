package dev.husai.core.align;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowScan#best} on the Vector API (16 floats with AVX-512): the lane-wise maximum over the row's whole vectors
 * and its largest lane, then the first whole vector holding that value, then the scalar tail. Loaded only when
 * {@link RowScan#VECTOR} is true.
 */
final class VectorRowScan {
    private static final VectorSpecies<Float> L = FloatVector.SPECIES_PREFERRED;

    private VectorRowScan() {
    }

    static boolean usable() {
        return L.length() >= 8;
    }

    /**
     * Separate loops with and without the penalty, not one with a conditional vector: C2 (JDK 17) boxes a vector
     * merged from two branches. Finite weights: the lane maximum's equality test finds the first column attaining it
     * (0 and -0 compare equal, so the first of them wins, as in the scalar scan).
     */
    static int best(float[] w, int base, float[] penalty, int g) {
        int bound = L.loopBound(g);
        if (bound == 0) {
            return RowScan.firstBest(w, base, penalty, 0, g, Float.NEGATIVE_INFINITY, -1);
        }
        float m = penalty == null ? maxOf(w, base, bound) : maxOf(w, base, penalty, bound);
        int j = 0;
        if (penalty == null) {
            while (j < bound && !FloatVector.fromArray(L, w, base + j).compare(VectorOperators.EQ, m).anyTrue()) {
                j += L.length();
            }
        } else {
            while (j < bound && !FloatVector.fromArray(L, w, base + j).add(FloatVector.fromArray(L, penalty, j))
                    .compare(VectorOperators.EQ, m).anyTrue()) {
                j += L.length();
            }
        }
        int first = RowScan.firstBest(w, base, penalty, j, j + L.length(), Float.NEGATIVE_INFINITY, -1);
        float firstW = penalty == null ? w[base + first] : w[base + first] + penalty[first];
        return RowScan.firstBest(w, base, penalty, bound, g, firstW, first);
    }

    /**
     * Whether every entry is finite: {@code x * 0} is 0 for a finite x and NaN for NaN or an infinity, and a NaN added
     * into a lane stays there, so one pass of multiply-adds and a NaN test of the lanes at the end decide it.
     */
    static boolean allFinite(float[] data) {
        int bound = L.loopBound(data.length);
        FloatVector acc = FloatVector.zero(L);
        for (int j = 0; j < bound; j += L.length()) {
            acc = FloatVector.fromArray(L, data, j).mul(0f).add(acc);
        }
        float tail = 0f;
        for (int j = bound; j < data.length; j++) {
            tail += data[j] * 0f;
        }
        return !acc.test(VectorOperators.IS_NAN).anyTrue() && !Float.isNaN(tail);
    }

    /** {@link RowScan#kthLaneMaximum}: {@code 1 <= k <= L <= g}. */
    static float kthLaneMaximum(float[] w, int base, int g, int k) {
        float[] laneMax = new float[L.length()];
        maxLanes(w, base, L.loopBound(g)).intoArray(laneMax, 0);
        java.util.Arrays.sort(laneMax); // NaN sorts last: then the k-th largest is NaN whenever a lane holds one
        return laneMax[L.length() - 1] != laneMax[L.length() - 1] ? Float.NaN : laneMax[L.length() - k];
    }

    /** {@link RowScan#nextAtLeast}. */
    static int nextAtLeast(float[] w, int from, int to, float floor) {
        int j = from;
        while (j + L.length() <= to && !FloatVector.fromArray(L, w, j).compare(VectorOperators.GE, floor).anyTrue()) {
            j += L.length();
        }
        return Math.min(j, to);
    }

    /** Lanes per vector. */
    static int lanes() {
        return L.length();
    }

    /**
     * The first {@code j = from + t L} (t >= 0) whose vector {@code w[base + j ..+ L)} has a lane above {@code rowMin}
     * or above its column's {@code colMin[j + lane]}, or the first such {@code j} with {@code j + L > m} (the tail):
     * where {@link CandidateEdges#topC} must look element by element.
     */
    static int nextAbove(float[] w, int base, int from, int m, float rowMin, float[] colMin) {
        FloatVector row = FloatVector.broadcast(L, rowMin);
        int j = from;
        while (j + L.length() <= m) {
            FloatVector x = FloatVector.fromArray(L, w, base + j);
            if (x.compare(VectorOperators.GT, row).or(x.compare(VectorOperators.GT, FloatVector.fromArray(L, colMin, j)))
                    .anyTrue()) {
                return j;
            }
            j += L.length();
        }
        return j;
    }

    private static float maxOf(float[] w, int base, int bound) {
        return maxLanes(w, base, bound).reduceLanes(VectorOperators.MAX);
    }

    /** The lane-wise maximum of the whole vectors {@code w[base .. base + bound)}, {@code bound >= L}. */
    private static FloatVector maxLanes(float[] w, int base, int bound) {
        FloatVector max = FloatVector.fromArray(L, w, base);
        for (int j = L.length(); j < bound; j += L.length()) {
            max = max.max(FloatVector.fromArray(L, w, base + j));
        }
        return max;
    }

    private static float maxOf(float[] w, int base, float[] penalty, int bound) {
        FloatVector max = FloatVector.fromArray(L, w, base).add(FloatVector.fromArray(L, penalty, 0));
        for (int j = L.length(); j < bound; j += L.length()) {
            max = max.max(FloatVector.fromArray(L, w, base + j).add(FloatVector.fromArray(L, penalty, j)));
        }
        return max.reduceLanes(VectorOperators.MAX);
    }
}
