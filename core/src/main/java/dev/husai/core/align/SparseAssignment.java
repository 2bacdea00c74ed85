package dev.husai.core.align;

import dev.husai.core.tensor.FloatMatrix;
import java.util.Arrays;

/**
 * EXACT maximum-weight one-to-one assignment solved on candidate edges and certified on the full matrix by LP
 * duality. Same problem and same optimum as {@link LinearAssignment#maximize} (dense Jonker-Volgenant), much
 * cheaper when most latents have a few plausible partners, as SAE dictionaries of one group do.
 *
 * <p>Algorithm, for {@code W [n, m]} with {@code n <= m} (else on {@code W^T}), minimising {@code c = -W}:
 * <ol>
 *   <li>candidates {@code E}: each row's {@link #CANDIDATES} heaviest columns and each column's
 *       {@link #CANDIDATES} heaviest rows ({@link CandidateEdges#topC});</li>
 *   <li>solve the assignment on {@code E} by sparse shortest augmenting paths ({@link SparseJvSolver}), which also
 *       yields duals {@code (u, v)};</li>
 *   <li>check every entry of the FULL matrix: reduced cost {@code cbar[i,j] = c[i,j] - u_i - v_j};
 *       edges with {@code cbar < -TOLERANCE} are added to {@code E} and the solve resumes from the current
 *       duals (square problems: only the rows with such edges are re-augmented; rectangular: a cold solve on the
 *       larger {@code E}); repeat until no entry violates. After a warm round a row is scanned again only when its
 *       {@code u_i} rose by more than the smallest reduced cost it had outside {@code E} ({@link DualCheck}: column
 *       prices never rise in a warm round, so no other row can have gained a violation); before the first scan a row
 *       with {@code u_i <= -kth_i} (its c-th heaviest weight) is clean, as {@code v <= 0}; the edges of {@code E}
 *       are checked directly;</li>
 *   <li>fall back to the dense solver when {@code E} has no complete matching, after {@link #MAX_ROUNDS}
 *       rounds, or when one round finds more violations than {@code 8 n + 1024}.</li>
 * </ol>
 *
 * <p>Why the result is optimal (LP duality). The assignment LP is {@code min sum c[i,j] x[i,j]} subject to
 * {@code sum_j x[i,j] = 1} for every row, {@code sum_i x[i,j] <= 1} for every column, {@code x >= 0}; its dual is
 * {@code max sum_i u_i + sum_j v_j} subject to {@code u_i + v_j <= c[i,j]} for ALL {@code (i, j)} and
 * {@code v_j <= 0} (for {@code n = m} the column constraints are equalities and {@code v} is free). At the end:
 * the matching {@code x} is complete on the rows; every matched edge is tight, {@code u_i + v_{x_i} = c[i,x_i]};
 * {@code v_j <= 0} with {@code v_j = 0} on unassigned columns; and the full-matrix check gives
 * {@code cbar >= -TOLERANCE} everywhere. Then {@code (u - TOLERANCE, v)} is dual feasible and
 * {@code sum_i c[i,x_i] = sum_i u_i + sum_{j assigned} v_j = sum u + sum v}, so by weak duality
 * {@code c(x) <= OPT + n * TOLERANCE}: {@code x} is optimal up to {@code n * 1e-9} in total (float weights carry
 * ~6e-8 relative error anyway), whatever edges were left out of {@code E}.
 *
 * <p>Deterministic: every step runs in a fixed order on one thread.
 */
public final class SparseAssignment {

    /** Below this many rows (of the orientation with {@code n <= m}) the dense solver is used. */
    static final int MIN_ROWS = 512;
    /** Candidate partners per row and per column. */
    static final int CANDIDATES = 8;
    /** Certification rounds before falling back to the dense solver. */
    static final int MAX_ROUNDS = 12;
    /** Reduced costs above {@code -TOLERANCE} count as non-negative (double prices of float weights). */
    static final double TOLERANCE = 1e-9;

    /**
     * How a solve ended.
     *
     * @param colOfRow   optimal column of each row of the solved orientation ({@code [n]}, {@code n <= m})
     * @param u          row duals, {@code [n]}; null when the dense fallback ran
     * @param v          column duals, {@code [m]}; null when the dense fallback ran
     * @param transposed whether the solved orientation is {@code W^T}
     * @param rounds     full-matrix checks run (the last one before a fallback)
     * @param edges      candidate edges at the end
     */
    record Result(int[] colOfRow, double[] u, double[] v, boolean transposed, int rounds, int edges) {

        /** True when the dense solver produced the result (no certificate). */
        boolean dense() {
            return u == null;
        }
    }

    private SparseAssignment() {
    }

    /**
     * Optimal matching of the rows and columns of {@code weightsFG}: the dense solver when it is cheap (fewer than
     * {@link #MIN_ROWS} rows, or at most {@code n / 32} rows left free by its row reduction, i.e. nearly every
     * latent's best partner is its own), else the candidate-edge solve, certified optimal as described above.
     *
     * @param weightsFG finite weights {@code [F, G]} to maximise (e.g. a cosine matrix)
     * @return {@link Matching.Method#EXACT} matching with {@code min(F, G)} pairs, sorted by row
     * @throws IllegalArgumentException on NaN/infinite weights, expected vs found
     */
    public static Matching maximize(FloatMatrix weightsFG) {
        LinearAssignment.requireFinite(weightsFG);
        boolean transposed = weightsFG.rows() > weightsFG.cols();
        FloatMatrix w = transposed ? weightsFG.transpose() : weightsFG;
        Result r = w.rows() < MIN_ROWS || rowsLeftFree(w.data(), w.rows(), w.cols()) <= w.rows() / 32
                ? new Result(new JvSolver(w.data(), w.rows(), w.cols()).solve(), null, null, transposed, 0, 0)
                : solveOriented(w, transposed, CANDIDATES);
        return toMatching(r, weightsFG);
    }

    /** The candidate-edge solve with its certificate; {@code candidates} per row and column. */
    static Result solve(FloatMatrix weightsFG, int candidates) {
        LinearAssignment.requireFinite(weightsFG);
        boolean transposed = weightsFG.rows() > weightsFG.cols();
        return solveOriented(transposed ? weightsFG.transpose() : weightsFG, transposed, candidates);
    }

    /**
     * Rows of {@code w [n, m]} whose heaviest column (lowest index on ties) is also an earlier row's: those JV's
     * row reduction leaves free, for its costly phases.
     */
    static int rowsLeftFree(float[] w, int n, int m) {
        boolean[] taken = new boolean[m];
        int free = 0;
        for (int i = 0; i < n; i++) {
            int best = RowScan.best(w, i * m, null, m);
            free += taken[best] ? 1 : 0;
            taken[best] = true;
        }
        return free;
    }

    /** {@link #solve} on {@code w [n, m]}, {@code n <= m}. */
    private static Result solveOriented(FloatMatrix w, boolean transposed, int candidates) {
        int n = w.rows();
        int m = w.cols();
        if (n == 0) {
            return new Result(new int[0], new double[0], new double[m], transposed, 0, 0);
        }
        CandidateEdges g = CandidateEdges.topC(w.data(), n, m, candidates);
        SparseJvSolver s = new SparseJvSolver(n, m);
        DualCheck check = new DualCheck(w.data(), n, m, TOLERANCE, 8 * n + 1024);
        boolean ok = s.solve(g);
        int round = 1;
        for (; ok && round <= MAX_ROUNDS; round++) {
            if (round == 1 || n != m) {
                check.reset(g.kth);
            }
            int bad = check.run(g, s.u, s.v);
            if (bad == 0 && DualCheck.edgesFeasible(g, s.u, s.v, TOLERANCE)) {
                return new Result(s.colOfRow.clone(), s.u.clone(), s.v.clone(), transposed, round, g.size());
            }
            if (bad <= 0) {
                break;
            }
            g = g.with(w.data(), check.badRows, check.badCols, bad);
            ok = n == m ? s.reopen(g) : s.solve(g);
        }
        return new Result(new JvSolver(w.data(), n, m).solve(), null, null, transposed, Math.min(round, MAX_ROUNDS), g.size());
    }

    private static Matching toMatching(Result r, FloatMatrix weightsFG) {
        int[] colOfRow = r.colOfRow();
        if (r.transposed()) {
            colOfRow = new int[weightsFG.rows()];
            Arrays.fill(colOfRow, -1);
            for (int c = 0; c < r.colOfRow().length; c++) {
                colOfRow[r.colOfRow()[c]] = c;
            }
        }
        return Matching.fromColOfRow(colOfRow, weightsFG.data(), weightsFG.cols(), Matching.Method.EXACT);
    }
}
