package dev.husai.core.align;

import dev.husai.core.tensor.FloatMatrix;

/**
 * EXACT maximum-weight one-to-one assignment (linear sum assignment).
 *
 * <p>Given weights {@code W [F, G]} (here: cosines), finds the matching {@code x} of
 * {@code K = min(F, G)} pairs maximising {@code sum_k W[i_k, x(i_k)]}; each row and column is used at
 * most once. Dense Jonker-Volgenant with row reduction and augmenting row reduction
 * ({@link JvSolver}); {@code O(K^2 max(F,G))} worst case, close to {@code O(F G)} when most latents have
 * a clear partner. Totals agree with {@code scipy.optimize.linear_sum_assignment(W, maximize=True)}.
 * When {@code F > G} the problem is solved on {@code W^T}.
 */
public final class LinearAssignment {

    private LinearAssignment() {
    }

    /**
     * Optimal matching of the rows and columns of {@code weightsFG}.
     *
     * @param weightsFG finite weights {@code [F, G]} to maximise (e.g. a cosine matrix)
     * @return {@link Matching.Method#EXACT} matching with {@code min(F, G)} pairs, sorted by row
     * @throws IllegalArgumentException on NaN/infinite weights, expected vs found
     */
    public static Matching maximize(FloatMatrix weightsFG) {
        requireFinite(weightsFG);
        int f = weightsFG.rows();
        int g = weightsFG.cols();
        int[] colOfRow;
        if (f <= g) {
            colOfRow = new JvSolver(weightsFG.data(), f, g).solve();
        } else {
            int[] rowOfCol = new JvSolver(weightsFG.transpose().data(), g, f).solve();
            colOfRow = new int[f];
            java.util.Arrays.fill(colOfRow, -1);
            for (int c = 0; c < g; c++) {
                colOfRow[rowOfCol[c]] = c;
            }
        }
        return Matching.fromColOfRow(colOfRow, weightsFG.data(), g, Matching.Method.EXACT);
    }

    static void requireFinite(FloatMatrix weightsFG) {
        if (weightsFG == null) {
            throw new IllegalArgumentException("expected a weight matrix [F,G], found null");
        }
        float[] data = weightsFG.data();
        int k = RowScan.firstNonFinite(data);
        if (k >= 0) {
            throw new IllegalArgumentException("expected finite weights in " + weightsFG.shape() + ", found "
                    + data[k] + " at [" + (k / weightsFG.cols()) + "," + (k % weightsFG.cols()) + "]");
        }
    }
}
