package dev.husai.core.align;

import java.util.Arrays;

/**
 * A sparse bipartite graph of candidate edges of an {@code [n, m]} weight matrix, stored row-wise (CSR):
 * row {@code i}'s columns are {@code cols[start[i] .. start[i+1])}, strictly increasing, with their weights
 * {@code weights[e] = w[i, cols[e]]} copied beside them.
 *
 * <p>The initial set ({@link #topC}) is the union of each row's {@code c} heaviest columns and each column's
 * {@code c} heaviest rows (ties broken by the lower index, so the set is deterministic). It holds every edge of a
 * matching in which each latent's partner is among its {@code c} best candidates from either side; the exact
 * solver checks the rest of the matrix by LP duality and adds ({@link #with}) what that check finds.
 */
final class CandidateEdges {

    final int n;
    final int m;
    final int[] start;
    final int[] cols;
    final float[] weights;
    /**
     * Per row, the {@code c}-th heaviest weight of the FULL row ({@code [n]}): every column outside the graph has
     * {@code w[i,j] <= kth[i]}, which lets {@link DualCheck} skip rows whose dual proves them feasible.
     */
    final float[] kth;

    private CandidateEdges(int n, int m, int[] start, int[] cols, float[] weights, float[] kth) {
        this.n = n;
        this.m = m;
        this.start = start;
        this.cols = cols;
        this.weights = weights;
        this.kth = kth;
    }

    /** Number of edges. */
    int size() {
        return cols.length;
    }

    /**
     * Row-wise top-{@code c} union column-wise top-{@code c} of {@code w} ({@code [n, m]} row-major);
     * {@code O(n m)} comparisons, one pass over the matrix.
     */
    static CandidateEdges topC(float[] w, int n, int m, int c) {
        int cr = Math.min(c, m);
        int cc = Math.min(c, n);
        int[] rowTop = new int[n * cr];
        float[] colW = new float[m * cc];
        int[] colTop = new int[m * cc];
        Arrays.fill(colW, Float.NEGATIVE_INFINITY);
        Arrays.fill(colTop, -1);
        float[] rowW = new float[cr];
        float[] kth = new float[n];
        float[] colMin = new float[m];
        Arrays.fill(colMin, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            Arrays.fill(rowW, Float.NEGATIVE_INFINITY);
            float rowKth = Float.NEGATIVE_INFINITY;
            int base = i * m;
            // thresholds only rise, so a vector with no lane above them holds no insertion: skip it (RowScan.VECTOR),
            // and go element by element through the others, in order, as the plain loop would
            for (int j = 0; j < m; ) {
                int from = RowScan.VECTOR ? VectorRowScan.nextAbove(w, base, j, m, rowKth, colMin) : j;
                int to = RowScan.VECTOR ? Math.min(m, from + VectorRowScan.lanes()) : m;
                for (j = from; j < to; j++) {
                    float x = w[base + j];
                    if (x > rowKth) {
                        rowKth = insert(rowW, rowTop, i * cr, 0, cr, x, j);
                    }
                    if (x > colMin[j]) {
                        colMin[j] = insert(colW, colTop, j * cc, j * cc, cc, x, i);
                    }
                }
            }
            kth[i] = rowKth;
        }
        int[] count = new int[n];
        Arrays.fill(count, cr);
        for (int i : colTop) {
            count[i]++;
        }
        int[][] lists = new int[n][];
        for (int i = 0; i < n; i++) {
            lists[i] = Arrays.copyOfRange(rowTop, i * cr, i * cr + count[i]);
            count[i] = cr;
        }
        for (int k = 0; k < colTop.length; k++) {
            int i = colTop[k];
            lists[i][count[i]++] = k / cc;
        }
        return fromLists(w, n, m, lists, kth);
    }

    /** This graph plus the edges {@code (rows[k], cols[k])}, {@code k < count} (duplicates are merged). */
    CandidateEdges with(float[] w, int[] rows, int[] extraCols, int count) {
        int[] extra = new int[n];
        for (int k = 0; k < count; k++) {
            extra[rows[k]]++;
        }
        int[][] lists = new int[n][];
        for (int i = 0; i < n; i++) {
            lists[i] = Arrays.copyOfRange(cols, start[i], start[i + 1] + extra[i]);
            extra[i] = start[i + 1] - start[i];
        }
        for (int k = 0; k < count; k++) {
            int i = rows[k];
            lists[i][extra[i]++] = extraCols[k];
        }
        return fromLists(w, n, m, lists, kth);
    }

    /**
     * Inserts {@code (x, index)} into a descending top-{@code c} list ({@code ws[wAt..wAt+c)},
     * {@code ids[at..at+c)}), after the entries equal to x (lower indices arrive first and stay ahead), dropping the
     * last; returns the new c-th weight (the threshold to beat).
     */
    private static float insert(float[] ws, int[] ids, int at, int wAt, int c, float x, int index) {
        int p = c - 1;
        while (p > 0 && x > ws[wAt + p - 1]) {
            ws[wAt + p] = ws[wAt + p - 1];
            ids[at + p] = ids[at + p - 1];
            p--;
        }
        ws[wAt + p] = x;
        ids[at + p] = index;
        return ws[wAt + c - 1];
    }

    /** Sorts and de-duplicates each row's list and packs them into CSR with their weights. */
    private static CandidateEdges fromLists(float[] w, int n, int m, int[][] lists, float[] kth) {
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
            int[] l = lists[i];
            Arrays.sort(l);
            int k = 0;
            for (int x = 0; x < l.length; x++) {
                if (x == 0 || l[x] != l[x - 1]) {
                    l[k++] = l[x];
                }
            }
            start[i + 1] = start[i] + k;
        }
        int[] cols = new int[start[n]];
        float[] weights = new float[start[n]];
        for (int i = 0; i < n; i++) {
            int len = start[i + 1] - start[i];
            System.arraycopy(lists[i], 0, cols, start[i], len);
            for (int e = start[i]; e < start[i + 1]; e++) {
                weights[e] = w[i * m + cols[e]];
            }
        }
        return new CandidateEdges(n, m, start, cols, weights, kth);
    }
}
