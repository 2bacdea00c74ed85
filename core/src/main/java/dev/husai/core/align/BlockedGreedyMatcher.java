package dev.husai.core.align;

import dev.husai.core.tensor.FloatMatrix;
import java.util.Arrays;

/**
 * APPROXIMATE one-to-one matching of two unit-row dictionaries whose cosine matrix is too large to hold (F = G = 131,072
 * latents would need 64 GiB): the F x G product is computed in row blocks of at most {@link #BLOCK_ENTRIES} entries
 * (BLAS), keeping only each row's top {@code c} columns; greedy by descending cosine on those candidate edges, then
 * again on the rows left over against the columns still free, until {@code K = min(F, G)} pairs are matched. Memory
 * {@code O(F c + BLOCK_ENTRIES)}; time {@code O(F G D)} per round. Like {@link GreedyMatcher} its total is at most the
 * exact optimum, and its results say {@link Matching.Method#GREEDY}.
 */
public final class BlockedGreedyMatcher {
    /** Largest cosine block held at once: 16M floats (64 MiB). */
    public static final int BLOCK_ENTRIES = 1 << 24;
    /** Above this many F x G entries (256 MiB of floats) callers match with this class instead of a full matrix. */
    public static final long DENSE_LIMIT = 1L << 26;
    /** Candidate columns kept per row. */
    public static final int CANDIDATES = 16;

    private BlockedGreedyMatcher() {
    }

    /** Whether an F x G cosine matrix is too large to build ({@link #DENSE_LIMIT}). */
    public static boolean tooLargeForDense(int f, int g) {
        return (long) f * g > DENSE_LIMIT;
    }

    /**
     * @param aFD unit rows {@code [F, D]}
     * @param bGD unit rows {@code [G, D]}, same D
     */
    public static Matching maximize(FloatMatrix aFD, FloatMatrix bGD) {
        return maximize(aFD, bGD, BLOCK_ENTRIES, CANDIDATES);
    }

    /** As {@link #maximize(FloatMatrix, FloatMatrix)} with a given block size (entries) and candidates per row. */
    static Matching maximize(FloatMatrix aFD, FloatMatrix bGD, int blockEntries, int candidates) {
        Dictionaries.requireSameDim(aFD, bGD, "dictionary A", "dictionary B");
        int f = aFD.rows();
        int g = bGD.rows();
        int[] colOfRow = new int[f];
        float[] cosOfRow = new float[f];
        Arrays.fill(colOfRow, -1);
        boolean[] colUsed = new boolean[g];
        int target = Math.min(f, g);
        int matched = 0;
        while (matched < target) {
            int[] rows = unmatched(colOfRow);
            int[] cols = free(colUsed);
            int got = round(Dictionaries.selectRows(aFD, rows), rows, Dictionaries.selectRows(bGD, cols), cols,
                    colOfRow, cosOfRow, colUsed, blockEntries, candidates);
            matched += got;
        }
        return matching(colOfRow, cosOfRow);
    }

    /** One round: candidates of {@code rows} among {@code cols}, greedy on them; returns the pairs added (>= 1). */
    private static int round(FloatMatrix aRD, int[] rows, FloatMatrix bCD, int[] cols, int[] colOfRow, float[] cosOfRow,
                             boolean[] colUsed, int blockEntries, int candidates) {
        int c = Math.min(candidates, cols.length);
        int[] candCol = new int[rows.length * c];
        float[] candW = new float[rows.length * c];
        int block = Math.max(1, blockEntries / Math.max(1, cols.length));
        for (int r0 = 0; r0 < rows.length; r0 += block) {
            int r1 = Math.min(rows.length, r0 + block);
            FloatMatrix part = CosineMatrix.product(Dictionaries.selectRows(aRD, range(r0, r1)), bCD);
            for (int r = r0; r < r1; r++) {
                topC(part.data(), (r - r0) * cols.length, cols.length, c, candCol, candW, r * c);
            }
        }
        Integer[] order = new Integer[rows.length * c];
        for (int e = 0; e < order.length; e++) {
            order[e] = e;
        }
        Arrays.sort(order, (x, y) -> Float.compare(candW[y], candW[x]) != 0 ? Float.compare(candW[y], candW[x])
                : Integer.compare(x, y));
        int added = 0;
        for (int e : order) {
            int row = rows[e / c];
            int col = cols[candCol[e]];
            if (colOfRow[row] < 0 && !colUsed[col]) {
                colOfRow[row] = col;
                cosOfRow[row] = candW[e];
                colUsed[col] = true;
                added++;
            }
        }
        return added;
    }

    /** The top {@code c} of {@code w[off .. off+n)} into {@code outCol/outW[at .. at+c)} (any order). */
    static void topC(float[] w, int off, int n, int c, int[] outCol, float[] outW, int at) {
        int size = 0;
        for (int j = 0; j < n; j++) {
            float v = w[off + j];
            if (size < c) {
                outCol[at + size] = j;
                outW[at + size] = v;
                size++;
            } else {
                int min = at;
                for (int q = at + 1; q < at + c; q++) {
                    if (outW[q] < outW[min]) {
                        min = q;
                    }
                }
                if (v > outW[min]) {
                    outCol[min] = j;
                    outW[min] = v;
                }
            }
        }
    }

    private static Matching matching(int[] colOfRow, float[] cosOfRow) {
        int k = (int) Arrays.stream(colOfRow).filter(c -> c >= 0).count();
        int[] rows = new int[k];
        int[] cols = new int[k];
        float[] cos = new float[k];
        double total = 0;
        for (int i = 0, n = 0; i < colOfRow.length; i++) {
            if (colOfRow[i] >= 0) {
                rows[n] = i;
                cols[n] = colOfRow[i];
                cos[n] = cosOfRow[i];
                total += cos[n];
                n++;
            }
        }
        return new Matching(rows, cols, cos, total, Matching.Method.GREEDY);
    }

    private static int[] unmatched(int[] colOfRow) {
        return java.util.stream.IntStream.range(0, colOfRow.length).filter(i -> colOfRow[i] < 0).toArray();
    }

    private static int[] free(boolean[] used) {
        return java.util.stream.IntStream.range(0, used.length).filter(j -> !used[j]).toArray();
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }
}
