package dev.husai.core.align;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DualCheck}'s row scan a vector at a time, in float, without changing what it finds.
 *
 * <p>The float reduced cost {@code rf = fl(fl(-w - fl(v_j)) - fl(u_i))} differs from the double one
 * {@code r = -w - u_i - v_j} by at most {@code 2^-24 (2|rf| + 3|u_i| + 3 vMax)} (four roundings; {@code |w|} bounded
 * through {@code rf}). A lane with {@code rf >= T = 2^-21 (|u_i| + vMax + 1)} ({@link DualCheck#clearThreshold})
 * therefore has {@code r > 0}: no violation, and {@code r >= rf (1 - 2^-22) - 2^-22 (|u_i| + vMax)}, which
 * {@link DualCheck#clearLowerBound} applies to the smallest such {@code rf}. A vector with any lane below T goes
 * through the exact double test instead. So every violation is found as by the plain loop, and {@code slack_i} is at
 * most the exact one: a row may be scanned again where the plain loop would have skipped it, which finds nothing new
 * (its skip rule is a proof of no violation).
 * Loaded only when {@link RowScan#VECTOR} is true.
 */
final class VectorDualScan {
    private static final VectorSpecies<Float> L = FloatVector.SPECIES_PREFERRED;

    private VectorDualScan() {
    }

    static int lanes() {
        return L.length();
    }

    /**
     * The first {@code j = from + t L} whose vector of {@code [j, j + L)} has a lane with {@code rf < threshold}, or
     * the first {@code j} with {@code j + L > to}; the vectors passed over fold their smallest {@code rf} into
     * {@code minRf[0]}.
     */
    static int nextUnclear(float[] w, int base, int from, int to, float ui, float[] vf, float threshold, float[] minRf) {
        FloatVector u = FloatVector.broadcast(L, ui);
        FloatVector min = FloatVector.broadcast(L, Float.POSITIVE_INFINITY);
        int j = from;
        while (j + L.length() <= to) {
            FloatVector rf = FloatVector.fromArray(L, w, base + j).add(FloatVector.fromArray(L, vf, j)).neg().sub(u);
            if (rf.compare(VectorOperators.LT, threshold).anyTrue()) {
                break;
            }
            min = min.min(rf);
            j += L.length();
        }
        minRf[0] = Math.min(minRf[0], min.reduceLanes(VectorOperators.MIN));
        return j;
    }
}
