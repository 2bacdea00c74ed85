package dev.husai.core.align;

import java.util.Arrays;

/**
 * Shortest-augmenting-path assignment on a sparse graph ({@link CandidateEdges}), {@code n <= m}, minimising
 * {@code sum c[i, x_i]} with {@code c = -w}: Jonker &amp; Volgenant's (1987) phases on the graph's edges only —
 * row reduction, two passes of augmenting row reduction, then for every free row a Dijkstra search over reduced costs
 * {@code cbar[i,j] = c[i,j] - u_i - v_j >= 0} with a binary heap (so one search costs
 * {@code O(E' log m)} over the edges it reaches, not {@code O(m)} per step as in the dense {@link JvSolver}).
 *
 * <p>Dual updates after a search that reached the free column {@code t} at distance {@code d_t}, with
 * {@code d_j} the final distance of each scanned column (Crouse 2016, IEEE TAES 52, the scheme of
 * scipy's {@code linear_sum_assignment}): {@code u_s += d_t} for the searching row, {@code u_i += d_t - d_{x_i}}
 * for the other rows reached, {@code v_j -= d_t - d_j} for the scanned columns. Matched edges stay tight
 * ({@code cbar = 0}) and all edges of the graph keep {@code cbar >= 0}.
 *
 * <p>Rectangular case: column prices start at 0 and only decrease on scanned columns, which are (and stay)
 * assigned, so {@code v_j <= 0} with {@code v_j = 0} on every unassigned column, as the LP dual of
 * "each column at most once" requires. {@link #reopen} (warm start after edges are added) frees columns that
 * may carry a price, so it is only used when {@code n == m}, where column prices are unconstrained.
 *
 * <p>Deterministic: rows are processed in increasing order; heap ties go to free columns, then lower index
 * ({@link ColumnHeap}).
 */
final class SparseJvSolver {

    private CandidateEdges g;
    private final int n;
    private final int m;
    final double[] u;
    final double[] v;
    final int[] colOfRow;
    final int[] rowOfCol;
    private final double[] dist;
    private final int[] pred;
    private final ColumnHeap heap;
    /** Result of {@link #twoSmallest}: smallest / second-smallest {@code c - v} of a row and their columns. */
    private double minCost;
    private double subMinCost;
    private int minCol;
    private int subMinCol;
    private final int[] touched;
    private final boolean[] scannedCol;
    private final int[] scannedRows;
    private final int[] scannedCols;

    SparseJvSolver(int n, int m) {
        this.n = n;
        this.m = m;
        if (n > m) {
            throw new IllegalArgumentException("expected n <= m, found n=" + n + ", m=" + m);
        }
        u = new double[n];
        v = new double[m];
        colOfRow = new int[n];
        rowOfCol = new int[m];
        dist = new double[m];
        pred = new int[m];
        heap = new ColumnHeap(dist, rowOfCol);
        touched = new int[m];
        scannedCol = new boolean[m];
        scannedRows = new int[n];
        scannedCols = new int[m];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
    }

    /**
     * Cold solve: row reduction ({@code u_i = min_j c[i,j]}, {@code v = 0}; a row keeps its cheapest column when
     * still free), then one shortest augmenting path per free row.
     *
     * @return false when some row has no augmenting path in the graph (no complete matching on these edges)
     */
    boolean solve(CandidateEdges graph) {
        this.g = graph;
        Arrays.fill(v, 0);
        Arrays.fill(colOfRow, -1);
        Arrays.fill(rowOfCol, -1);
        int[] free = new int[n];
        int numFree = 0;
        for (int i = 0; i < n; i++) {
            int best = -1;
            for (int e = g.start[i]; e < g.start[i + 1]; e++) {
                if (best < 0 || g.weights[e] > g.weights[best]) {
                    best = e;
                }
            }
            if (best < 0) {
                return false;
            }
            u[i] = -(double) g.weights[best];
            int j = g.cols[best];
            if (rowOfCol[j] < 0) {
                rowOfCol[j] = i;
                colOfRow[i] = j;
            } else {
                free[numFree++] = i;
            }
        }
        return augmentAll(free, numFree);
    }

    /**
     * Warm start on a larger graph ({@code n == m} only): every row with an edge of negative reduced cost lowers
     * {@code u_i} to {@code min_j (c[i,j] - v_j)} (restoring {@code cbar >= 0}), gives up its column, and is
     * re-augmented; the other rows keep their tight edges.
     *
     * @return false when a row has no augmenting path
     */
    boolean reopen(CandidateEdges larger) {
        if (n != m) {
            throw new IllegalStateException("expected a square problem for a warm start, found " + n + "x" + m);
        }
        this.g = larger;
        int[] free = new int[n];
        int numFree = 0;
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int e = g.start[i]; e < g.start[i + 1]; e++) {
                best = Math.min(best, -(double) g.weights[e] - v[g.cols[e]]);
            }
            if (best < u[i]) {
                u[i] = best;
                if (colOfRow[i] >= 0) {
                    rowOfCol[colOfRow[i]] = -1;
                    colOfRow[i] = -1;
                }
                free[numFree++] = i;
            }
        }
        return augmentAll(free, numFree);
    }

    private boolean augmentAll(int[] free, int numFree) {
        numFree = augmentingRowReduction(free, numFree);
        numFree = augmentingRowReduction(free, numFree);
        for (int k = 0; k < numFree; k++) {
            if (!augment(free[k])) {
                return false;
            }
        }
        return true;
    }

    /**
     * JV's augmenting row reduction on the graph: a free row takes its cheapest column {@code j1} by
     * {@code c[i,j] - v_j} over its edges, lowers {@code v[j1]} by the gap to the second cheapest so that both are
     * tight, and sets {@code u_i} to that second cheapest; the row it evicts is processed next. Keeps
     * {@code cbar >= 0} on every edge (prices only fall), matched edges tight, and lowers prices only on columns
     * that are and stay assigned. Rows with a single edge are left to the searches; at most {@code 8 n + 64} steps.
     *
     * @return how many rows are still free (in {@code free[0..)})
     */
    private int augmentingRowReduction(int[] free, int numFree) {
        int prvNumFree = numFree;
        numFree = 0;
        long budget = 8L * n + 64;
        int k = 0;
        while (k < prvNumFree) {
            int i = free[k++];
            if (budget-- <= 0 || !twoSmallest(i)) {
                free[numFree++] = i;
                continue;
            }
            int j1 = minCol;
            int i0 = rowOfCol[j1];
            boolean strict = minCost < subMinCost;
            if (strict) {
                v[j1] -= subMinCost - minCost;
            } else if (i0 >= 0) {
                j1 = subMinCol;
                i0 = rowOfCol[j1];
            }
            u[i] = subMinCost;
            if (i0 >= 0) {
                colOfRow[i0] = -1;
                if (strict) {
                    free[--k] = i0;
                } else {
                    free[numFree++] = i0;
                }
            }
            colOfRow[i] = j1;
            rowOfCol[j1] = i;
        }
        return numFree;
    }

    /** Smallest and second-smallest {@code c[i,j] - v_j} over row i's edges (into the fields); false below two edges. */
    private boolean twoSmallest(int i) {
        double umin = Double.POSITIVE_INFINITY;
        double usubmin = Double.POSITIVE_INFINITY;
        int j1 = -1;
        int j2 = -1;
        for (int e = g.start[i]; e < g.start[i + 1]; e++) {
            int j = g.cols[e];
            double h = -(double) g.weights[e] - v[j];
            if (h < usubmin) {
                if (h >= umin) {
                    usubmin = h;
                    j2 = j;
                } else {
                    usubmin = umin;
                    umin = h;
                    j2 = j1;
                    j1 = j;
                }
            }
        }
        minCost = umin;
        subMinCost = usubmin;
        minCol = j1;
        subMinCol = j2;
        return j2 >= 0;
    }

    /** One Dijkstra search from free row {@code s} to the nearest free column, then dual update and path flip. */
    private boolean augment(int s) {
        int numTouched = 0;
        int numRows = 0;
        int numCols = 0;
        int sink = -1;
        int i = s;
        double minVal = 0;
        while (sink < 0) {
            scannedRows[numRows++] = i;
            for (int e = g.start[i]; e < g.start[i + 1]; e++) {
                int j = g.cols[e];
                if (scannedCol[j]) {
                    continue;
                }
                double r = minVal - g.weights[e] - u[i] - v[j];
                if (r < dist[j]) {
                    if (dist[j] == Double.POSITIVE_INFINITY) {
                        touched[numTouched++] = j;
                    }
                    dist[j] = r;
                    pred[j] = i;
                    heap.offer(j);
                }
            }
            if (heap.isEmpty()) {
                reset(numTouched);
                return false;
            }
            int j = heap.poll();
            scannedCol[j] = true;
            scannedCols[numCols++] = j;
            minVal = dist[j];
            if (rowOfCol[j] < 0) {
                sink = j;
            } else {
                i = rowOfCol[j];
            }
        }
        updateDuals(s, minVal, numRows, numCols);
        flipPath(s, sink);
        reset(numTouched);
        return true;
    }

    private void updateDuals(int s, double minVal, int numRows, int numCols) {
        u[s] += minVal;
        for (int k = 1; k < numRows; k++) {
            int i = scannedRows[k];
            u[i] += minVal - dist[colOfRow[i]];
        }
        for (int k = 0; k < numCols; k++) {
            int j = scannedCols[k];
            v[j] -= minVal - dist[j];
        }
    }

    private void flipPath(int s, int sink) {
        int j = sink;
        while (true) {
            int i = pred[j];
            rowOfCol[j] = i;
            int next = colOfRow[i];
            colOfRow[i] = j;
            if (i == s) {
                return;
            }
            j = next;
        }
    }

    /** Clears the search state of the columns this search touched. */
    private void reset(int numTouched) {
        for (int k = 0; k < numTouched; k++) {
            int j = touched[k];
            dist[j] = Double.POSITIVE_INFINITY;
            scannedCol[j] = false;
        }
        heap.clear();
    }
}
