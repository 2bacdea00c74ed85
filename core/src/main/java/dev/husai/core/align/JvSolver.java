package dev.husai.core.align;

import java.util.Arrays;

/**
 * Dense Jonker-Volgenant shortest-augmenting-path solver (Jonker &amp; Volgenant 1987, "A shortest
 * augmenting path algorithm for dense and sparse linear assignment problems", Computing 38) for an
 * {@code n x m} problem with {@code n <= m}, minimising {@code sum c[i, x_i]} with {@code c = -w}.
 *
 * <p>Phases: (1) row reduction: every row takes its cheapest column if still free (column prices
 * {@code v = 0}); (2) two passes of JV's augmenting row reduction; (3) Dijkstra-like shortest augmenting
 * paths on reduced costs {@code c[i,j] - u_i - v_j >= 0} for the rows still free.
 *
 * <p>Rectangular case: the LP dual needs {@code v_j <= 0} and {@code v_j = 0} for every column left
 * unassigned. All prices start at 0 and only ever decrease, and only on columns that are (and stay)
 * assigned, so every phase is valid for {@code n < m} without padding.
 *
 * <p>Prices and path lengths are doubles; the weights stay float (no copy of the {@code [n,m]} matrix).
 */
final class JvSolver {

    private final float[] w;
    private final int n;
    private final int m;
    private final double[] v;
    private final int[] colOfRow;
    private final int[] rowOfCol;
    private final int[] free;
    private int numFree;
    /** Augmentation state shared by {@link #augment} and {@link #scan}: end of the todo list, path end. */
    private int up;
    private int end;
    /** Result of {@link #twoSmallest}: smallest / second-smallest reduced cost and their columns. */
    private double minCost;
    private double subMinCost;
    private int minCol;
    private int subMinCol;

    /** @param w weights to MAXIMISE, row-major {@code [n, m]}, {@code n <= m} */
    JvSolver(float[] w, int n, int m) {
        if (n > m) {
            throw new IllegalArgumentException("expected n <= m, found n=" + n + ", m=" + m);
        }
        this.w = w;
        this.n = n;
        this.m = m;
        this.v = new double[m];
        this.colOfRow = new int[n];
        this.rowOfCol = new int[m];
        this.free = new int[n];
        Arrays.fill(colOfRow, -1);
        Arrays.fill(rowOfCol, -1);
    }

    /** Runs all phases; returns the optimal column of each row ({@code [n]}). */
    int[] solve() {
        if (n == 0) {
            return colOfRow;
        }
        rowReduction();
        if (m > 1) {
            augmentingRowReduction();
            augmentingRowReduction();
        }
        double[] d = new double[m];
        int[] pred = new int[m];
        int[] collist = new int[m];
        for (int k = 0; k < numFree; k++) {
            augment(free[k], d, pred, collist);
        }
        numFree = 0;
        return colOfRow;
    }

    /** Phase 1: each row takes its max-weight column when that column is still free. */
    private void rowReduction() {
        for (int i = 0; i < n; i++) {
            int base = i * m;
            int best = 0;
            float bestW = w[base];
            for (int j = 1; j < m; j++) {
                if (w[base + j] > bestW) {
                    bestW = w[base + j];
                    best = j;
                }
            }
            if (rowOfCol[best] < 0) {
                rowOfCol[best] = i;
                colOfRow[i] = best;
            } else {
                free[numFree++] = i;
            }
        }
    }

    /**
     * Phase 2 (JV's augmenting row reduction): a free row takes its cheapest reduced-cost column
     * {@code j1}, lowering {@code v[j1]} by the gap to the second cheapest so both stay tight; the
     * evicted row is processed next. Bounded to avoid long chains of tiny price moves.
     */
    private void augmentingRowReduction() {
        int prvNumFree = numFree;
        numFree = 0;
        long budget = 8L * n + 64;
        int k = 0;
        while (k < prvNumFree) {
            int i = free[k++];
            if (budget-- <= 0) {
                free[numFree++] = i;
                continue;
            }
            twoSmallest(i);
            double umin = minCost;
            double usubmin = subMinCost;
            int j1 = minCol;
            int j2 = subMinCol;
            int i0 = rowOfCol[j1];
            boolean strict = umin < usubmin;
            if (strict) {
                v[j1] -= usubmin - umin;
            } else if (i0 >= 0) {
                j1 = j2;
                i0 = rowOfCol[j2];
            }
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
    }

    /** Finds the smallest and second-smallest reduced cost {@code c[i,j] - v[j]} of row i (into the fields). */
    private void twoSmallest(int i) {
        int base = i * m;
        double umin = -w[base] - v[0];
        double usubmin = Double.POSITIVE_INFINITY;
        int j1 = 0;
        int j2 = -1;
        for (int j = 1; j < m; j++) {
            double h = -w[base + j] - v[j];
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
    }

    /** Phase 3: one shortest augmenting path from free row {@code f} (JV's augmentation step). */
    private void augment(int f, double[] d, int[] pred, int[] collist) {
        int base = f * m;
        for (int j = 0; j < m; j++) {
            d[j] = -w[base + j] - v[j];
            pred[j] = f;
            collist[j] = j;
        }
        int low = 0;
        int last = 0;
        double min = 0;
        up = 0;
        end = -1;
        while (end < 0) {
            if (up == low) {
                last = low;
                min = collectMinimum(low, d, collist);
                if (end >= 0) {
                    break;
                }
            }
            int j1 = collist[low++];
            scan(rowOfCol[j1], j1, min, d, pred, collist);
        }
        for (int k = 0; k < last; k++) {
            int j0 = collist[k];
            v[j0] += d[j0] - min;
        }
        flipPath(f, end, pred);
    }

    /**
     * Moves the columns of minimal {@code d} among {@code collist[low..m)} to {@code collist[low..up)} and
     * returns that minimum; sets {@link #end} if one of them is free.
     */
    private double collectMinimum(int low, double[] d, int[] collist) {
        up = low;
        double min = d[collist[up++]];
        for (int k = up; k < m; k++) {
            int j = collist[k];
            double h = d[j];
            if (h <= min) {
                if (h < min) {
                    up = low;
                    min = h;
                }
                collist[k] = collist[up];
                collist[up++] = j;
            }
        }
        for (int k = low; k < up; k++) {
            if (rowOfCol[collist[k]] < 0) {
                end = collist[k];
                break;
            }
        }
        return min;
    }

    /** Relaxes the still-unscanned columns from row {@code i} (reached through column {@code j1}). */
    private void scan(int i, int j1, double min, double[] d, int[] pred, int[] collist) {
        int base = i * m;
        double u1 = -w[base + j1] - v[j1] - min;
        for (int k = up; k < m; k++) {
            int j = collist[k];
            double v2 = -w[base + j] - v[j] - u1;
            if (v2 < d[j]) {
                pred[j] = i;
                if (v2 == min) {
                    if (rowOfCol[j] < 0) {
                        end = j;
                        d[j] = v2;
                        return;
                    }
                    collist[k] = collist[up];
                    collist[up++] = j;
                }
                d[j] = v2;
            }
        }
    }

    /** Flips the alternating path ending at free column {@code end} back to row {@code f}. */
    private void flipPath(int f, int end, int[] pred) {
        int i;
        do {
            i = pred[end];
            rowOfCol[end] = i;
            int next = colOfRow[i];
            colOfRow[i] = end;
            end = next;
        } while (i != f);
    }
}
