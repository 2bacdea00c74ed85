package dev.husai.core.align;

/**
 * The scans over a weight row: its best free column ({@link GreedyMatcher}, {@link SparseAssignment#rowsLeftFree}),
 * its {@code c} best free columns ({@link #top}: the greedy's candidate lists), and the skip over vectors below
 * {@link CandidateEdges#topC}'s thresholds. With the Vector API
 * ({@code jdk.incubator.vector}, when the JVM has the module: {@code bin/husai} and the tests pass
 * {@code --add-modules jdk.incubator.vector}) L lanes per instruction ({@link VectorRowScan}); else, or with
 * {@code -Dhusai.align.scalar=true}, a plain loop. Both return the same column.
 */
final class RowScan {
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
     * The {@code c} best free columns of a row, best first, into {@code outCol/outW[at ..]}: ordered by weight
     * {@code x_j = w[base + j] + penalty[j]} descending, then column ascending (the order in which {@link #best} picks,
     * so the first of them still free is the row's best free column as long as one is). Taken columns ({@code -inf})
     * are never listed; {@code penalty} null: none taken. Finite weights.
     *
     * @return how many were listed: {@code min(c, free columns)}
     */
    static int top(float[] w, int base, float[] penalty, int g, int c, int[] outCol, float[] outW, int at) {
        return VECTOR ? VectorRowScan.top(w, base, penalty, g, c, outCol, outW, at)
                : topFrom(w, base, penalty, 0, g, Float.NEGATIVE_INFINITY, c, outCol, outW, at, 0);
    }

    /**
     * The scalar scan behind {@link #top} over columns {@code [from, to)}, skipping those below {@code floor} (a bound
     * known to exclude none of the answer) and taken ones, continuing a list of {@code n} entries; returns its length.
     */
    static int topFrom(float[] w, int base, float[] penalty, int from, int to, float floor, int c, int[] outCol,
                       float[] outW, int at, int n) {
        for (int j = from; j < to; j++) {
            float x = penalty == null ? w[base + j] : w[base + j] + penalty[j];
            if (x >= floor && x != Float.NEGATIVE_INFINITY && (n < c || x > outW[at + c - 1])) {
                n = insert(outCol, outW, at, n, c, j, x);
            }
        }
        return n;
    }

    /**
     * Inserts column {@code j} of weight {@code x} into the descending list {@code [at, at + n)} of capacity {@code c},
     * after the entries equal to x (columns arrive in ascending order, so the lower one stays ahead; 0 and -0 count as
     * equal, as in {@link #firstBest}), dropping the last entry of a full list; returns the new length.
     */
    static int insert(int[] outCol, float[] outW, int at, int n, int c, int j, float x) {
        int p = Math.min(n, c - 1);
        while (p > 0 && x > outW[at + p - 1]) {
            outW[at + p] = outW[at + p - 1];
            outCol[at + p] = outCol[at + p - 1];
            p--;
        }
        outW[at + p] = x;
        outCol[at + p] = j;
        return Math.min(n + 1, c);
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
