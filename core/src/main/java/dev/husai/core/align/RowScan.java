package dev.husai.core.align;

/**
 * The scans over a weight row: its best free column ({@link GreedyMatcher}, {@link SparseAssignment#rowsLeftFree}),
 * the skip over vectors below {@link CandidateEdges#topC}'s thresholds, the lane maxima's floor under a row's k largest
 * and the skip to the entries at or above it (the SAE encoder's top-k, {@code core.snapshot.SaeEncoder}), and the
 * finiteness check of a whole matrix.
 * With the Vector API ({@code jdk.incubator.vector}, when the JVM has the module: {@code bin/husai} and the tests pass
 * {@code --add-modules jdk.incubator.vector}) L lanes per instruction ({@link VectorRowScan}); else, or with
 * {@code -Dhusai.align.scalar=true}, a plain loop. Both return the same column.
 */
public final class RowScan {
    /** Whether the Vector API path runs. */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("husai.align.scalar") && VectorRowScan.usable();

    private RowScan() {
    }

    /**
     * The first column {@code j < g} with the largest {@code w[base + j] + penalty[j]} ({@code penalty} null: all 0;
     * -inf marks a taken column); finite weights and at least one free column ({@code g >= 1}).
     */
    static int best(float[] w, int base, float[] penalty, int g) {
        return VECTOR ? VectorRowScan.best(w, base, penalty, g) : firstBest(w, base, penalty, 0, g, Float.NEGATIVE_INFINITY, -1);
    }

    /**
     * The scalar scan of columns {@code [from, to)} continuing from a best weight {@code bestW} at {@code best} (-1: none
     * yet): a column replaces it only when strictly larger, so the first of equal weights wins.
     */
    static int firstBest(float[] w, int base, float[] penalty, int from, int to, float bestW, int best) {
        for (int j = from; j < to; j++) {
            float x = penalty == null ? w[base + j] : w[base + j] + penalty[j];
            if (best < 0 || x > bestW) {
                bestW = x;
                best = j;
            }
        }
        return best;
    }

    /**
     * A lower bound of the k-th largest of {@code w[base .. base + g)} from its lane-wise maxima (the k-th largest of
     * the L maxima over its whole vectors: k entries of the row are at least that), or NaN where there is none to give:
     * no Vector API, {@code k > L}, a row shorter than L, or a NaN among the maxima. No entry below it can be among the
     * row's k largest, so a top-k needs to look only at the entries at or above it ({@link #nextAtLeast}).
     */
    public static float kthLaneMaximum(float[] w, int base, int g, int k) {
        return VECTOR && k >= 1 && k <= VectorRowScan.lanes() && g >= VectorRowScan.lanes()
                ? VectorRowScan.kthLaneMaximum(w, base, g, k) : Float.NaN;
    }

    /**
     * The first {@code j} in {@code [from, to)} from which the vector at {@code j} has an entry at or above
     * {@code floor}, stepping by whole vectors, or the start of the tail shorter than a vector (then look element by
     * element from there); {@code to} when none. Lanes per step: {@link #lanes()}.
     */
    public static int nextAtLeast(float[] w, int from, int to, float floor) {
        return VECTOR ? VectorRowScan.nextAtLeast(w, from, to, floor) : from;
    }

    /** Entries per step of {@link #nextAtLeast}: L with the Vector API, else 1. */
    public static int lanes() {
        return VECTOR ? VectorRowScan.lanes() : 1;
    }

    /** The index of the first non-finite entry of {@code data} (NaN or an infinity), or -1 when all are finite. */
    static int firstNonFinite(float[] data) {
        if (VECTOR && VectorRowScan.allFinite(data)) {
            return -1;
        }
        for (int k = 0; k < data.length; k++) {
            if (!Float.isFinite(data[k])) {
                return k;
            }
        }
        return -1;
    }
}
