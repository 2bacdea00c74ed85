package dev.husai.core.align;

/**
 * The full-matrix half of {@link SparseAssignment}'s optimality certificate: finds the entries of {@code w [n, m]}
 * outside the candidate edges {@code E} whose reduced cost {@code cbar[i,j] = -w[i,j] - u_i - v_j} is below
 * {@code -tol}, and remembers, per row, the smallest reduced cost it accepted outside {@code E}
 * ({@code slack_i}) and the {@code u_i} it was checked with.
 *
 * <p>Between two checks of a warm-started solve column prices never rise, so for every {@code j} outside
 * {@code E}: {@code cbar_now[i,j] >= cbar_then[i,j] - (u_i_now - u_i_then) >= slack_i - delta_i}. A row whose
 * {@code u_i} rose by at most {@code slack_i + tol} can have no new violation and is skipped; every other row is
 * scanned again in full. Before any scan ({@link #reset}) each row counts as checked with {@code v = 0},
 * {@code u_i = -kth_i} and {@code slack_i = 0}: prices start at 0 and never rise, and outside {@code E}
 * {@code w[i,j] <= kth_i} ({@link CandidateEdges#kth}), so {@code -w[i,j] + kth_i >= 0} there. Rows whose
 * {@code u_i <= -kth_i + tol} (most rows that got one of their top candidates) are thus never scanned. The edges of {@code E} are the solver's (it keeps {@code cbar >= 0} there), checked by
 * {@link #edgesFeasible} at the end.
 */
final class DualCheck {

    private final float[] w;
    private final int n;
    private final int m;
    private final double tol;
    private final double[] uChecked;
    final double[] slack;
    final int[] badRows;
    final int[] badCols;
    /** The prices as floats and their largest magnitude, for {@link VectorDualScan}; null without the Vector API. */
    private float[] vf;
    private double vMax;
    /** Smallest exact reduced cost seen in the row being scanned, and the smallest float one of its clear vectors. */
    private double rowMin;
    private final float[] clean = new float[1];

    /** @param cap most violations one check may report before it gives up */
    DualCheck(float[] w, int n, int m, double tol, int cap) {
        this.w = w;
        this.n = n;
        this.m = m;
        this.tol = tol;
        this.uChecked = new double[n];
        this.slack = new double[n];
        this.badRows = new int[cap];
        this.badCols = new int[cap];
    }

    /**
     * Checks the rows that need it and writes the violating entries to {@link #badRows} / {@link #badCols}.
     *
     * @return how many, or -1 when more than the capacity
     */
    int run(CandidateEdges g, double[] u, double[] v) {
        floatPrices(v);
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (u[i] - uChecked[i] <= slack[i] + tol) {
                continue;
            }
            count = scanRow(g, i, u[i], v, count);
            if (count < 0) {
                return -1;
            }
            uChecked[i] = u[i];
        }
        return count;
    }

    /** {@link #vf} and {@link #vMax} for this check's prices (the Vector API path only). */
    private void floatPrices(double[] v) {
        if (!RowScan.VECTOR) {
            return;
        }
        if (vf == null) {
            vf = new float[m];
        }
        vMax = 0;
        for (int j = 0; j < m; j++) {
            vf[j] = (float) v[j];
            vMax = Math.max(vMax, Math.abs(v[j]));
        }
    }

    /** Forgets every scan (needed after a cold solve, whose prices restart at 0): the state described above. */
    void reset(float[] kth) {
        for (int i = 0; i < n; i++) {
            uChecked[i] = -(double) kth[i];
            slack[i] = 0;
        }
    }

    /**
     * Scans row i outside {@code E}: records violations from {@code count} on, sets {@code slack_i}. Segment by
     * segment between the row's candidate columns; with the Vector API ({@link RowScan#VECTOR}) whole vectors whose
     * float reduced costs are all clearly positive are only folded into a lower bound of the row's minimum
     * ({@link VectorDualScan}), the others go through the exact double arithmetic. Both find the same violations.
     */
    private int scanRow(CandidateEdges g, int i, double ui, double[] v, int count) {
        rowMin = Double.POSITIVE_INFINITY;
        boolean vector = RowScan.VECTOR;
        float threshold = vector ? clearThreshold(ui, vMax) : 0f;
        clean[0] = Float.POSITIVE_INFINITY;
        int from = 0;
        for (int e = g.start[i]; e <= g.start[i + 1] && count >= 0; e++) {
            int to = e < g.start[i + 1] ? g.cols[e] : m;
            for (int j = from; j < to && count >= 0; ) {
                int at = vector ? VectorDualScan.nextUnclear(w, i * m, j, to, (float) ui, vf, threshold, clean) : j;
                int end = vector ? Math.min(to, at + VectorDualScan.lanes()) : to;
                count = exact(i, at, end, ui, v, count);
                j = end;
            }
            from = to + 1;
        }
        if (count >= 0) {
            slack[i] = vector ? Math.min(rowMin, clearLowerBound(clean[0], ui, vMax)) : rowMin;
        }
        return count;
    }

    /** {@link VectorDualScan}'s {@code T} for row dual {@code ui} and price magnitude {@code vMax}. */
    static float clearThreshold(double ui, double vMax) {
        return (float) (0x1p-21 * (Math.abs(ui) + vMax + 1));
    }

    /** A lower bound of the exact reduced costs behind the smallest clear float one {@code minRf} (+inf: none). */
    static double clearLowerBound(float minRf, double ui, double vMax) {
        return minRf == Float.POSITIVE_INFINITY ? Double.POSITIVE_INFINITY
                : minRf * (1 - 0x1p-22) - 0x1p-22 * (Math.abs(ui) + vMax);
    }

    /** Exact reduced costs of row i on columns {@code [from, to)}: violations recorded, {@link #rowMin} updated. */
    private int exact(int i, int from, int to, double ui, double[] v, int count) {
        int base = i * m;
        for (int j = from; j < to; j++) {
            double r = -w[base + j] - ui - v[j];
            if (r < -tol) {
                if (count == badRows.length) {
                    return -1;
                }
                badRows[count] = i;
                badCols[count++] = j;
            } else if (r < rowMin) {
                rowMin = r;
            }
        }
        return count;
    }

    /** True when every candidate edge has {@code cbar >= -tol} (the solver's invariant, checked, not assumed). */
    static boolean edgesFeasible(CandidateEdges g, double[] u, double[] v, double tol) {
        for (int i = 0; i < g.n; i++) {
            for (int e = g.start[i]; e < g.start[i + 1]; e++) {
                if (-(double) g.weights[e] - u[i] - v[g.cols[e]] < -tol) {
                    return false;
                }
            }
        }
        return true;
    }
}
