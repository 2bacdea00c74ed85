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

    /**
     * The largest lane of {@code w[base .. base + bound)} ({@code bound} a multiple of L), four independent lane-wise
     * maxima so the loop is not one chain of max latencies (a row of 4,096 in L2: 0.67 -> 0.31 us). Max is associative
     * and commutative on finite floats (0 and -0 aside, which the caller's equality test treats alike), so the value is
     * the one-chain value.
     */
    private static float maxOf(float[] w, int base, int bound) {
        int l = L.length();
        FloatVector m0 = FloatVector.fromArray(L, w, base);
        if (bound < 4 * l) {
            for (int j = l; j < bound; j += l) {
                m0 = m0.max(FloatVector.fromArray(L, w, base + j));
            }
            return m0.reduceLanes(VectorOperators.MAX);
        }
        FloatVector m1 = FloatVector.fromArray(L, w, base + l);
        FloatVector m2 = FloatVector.fromArray(L, w, base + 2 * l);
        FloatVector m3 = FloatVector.fromArray(L, w, base + 3 * l);
        int j = 4 * l;
        for (; j + 4 * l <= bound; j += 4 * l) {
            m0 = m0.max(FloatVector.fromArray(L, w, base + j));
            m1 = m1.max(FloatVector.fromArray(L, w, base + j + l));
            m2 = m2.max(FloatVector.fromArray(L, w, base + j + 2 * l));
            m3 = m3.max(FloatVector.fromArray(L, w, base + j + 3 * l));
        }
        for (; j < bound; j += l) {
            m0 = m0.max(FloatVector.fromArray(L, w, base + j));
        }
        return m0.max(m1).max(m2.max(m3)).reduceLanes(VectorOperators.MAX);
    }

    /** {@link #maxOf(float[], int, int)} of {@code w + penalty}. */
    private static float maxOf(float[] w, int base, float[] penalty, int bound) {
        int l = L.length();
        FloatVector m0 = FloatVector.fromArray(L, w, base).add(FloatVector.fromArray(L, penalty, 0));
        if (bound < 4 * l) {
            for (int j = l; j < bound; j += l) {
                m0 = m0.max(FloatVector.fromArray(L, w, base + j).add(FloatVector.fromArray(L, penalty, j)));
            }
            return m0.reduceLanes(VectorOperators.MAX);
        }
        FloatVector m1 = FloatVector.fromArray(L, w, base + l).add(FloatVector.fromArray(L, penalty, l));
        FloatVector m2 = FloatVector.fromArray(L, w, base + 2 * l).add(FloatVector.fromArray(L, penalty, 2 * l));
        FloatVector m3 = FloatVector.fromArray(L, w, base + 3 * l).add(FloatVector.fromArray(L, penalty, 3 * l));
        int j = 4 * l;
        for (; j + 4 * l <= bound; j += 4 * l) {
            m0 = m0.max(FloatVector.fromArray(L, w, base + j).add(FloatVector.fromArray(L, penalty, j)));
            m1 = m1.max(FloatVector.fromArray(L, w, base + j + l).add(FloatVector.fromArray(L, penalty, j + l)));
            m2 = m2.max(FloatVector.fromArray(L, w, base + j + 2 * l).add(FloatVector.fromArray(L, penalty, j + 2 * l)));
            m3 = m3.max(FloatVector.fromArray(L, w, base + j + 3 * l).add(FloatVector.fromArray(L, penalty, j + 3 * l)));
        }
        for (; j < bound; j += l) {
            m0 = m0.max(FloatVector.fromArray(L, w, base + j).add(FloatVector.fromArray(L, penalty, j)));
        }
        return m0.max(m1).max(m2.max(m3)).reduceLanes(VectorOperators.MAX);
    }
}
