package dev.husai.core.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link DualCheck#run} (its vector pre-screen included) against the definition: every entry outside the candidate
 * edges with reduced cost below {@code -tol}, in row-major order, and {@code slack_i} at most the smallest other
 * reduced cost of the row and within 1e-5 of it; near-tight entries (|cbar| around 1e-12) included.
 */
class DualCheckTest {

    @ParameterizedTest
    @CsvSource({"20, 70, 3, 1", "40, 40, 4, 2", "17, 257, 8, 3"})
    void findsExactlyTheViolationsAndBoundsTheSlack(int n, int m, int c, long seed) {
        Random rng = new Random(seed);
        float[] w = new float[n * m];
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) (2 * rng.nextDouble() - 1);
        }
        CandidateEdges g = CandidateEdges.topC(w, n, m, c);
        double[] u = new double[n];
        double[] v = new double[m];
        for (int j = 0; j < m; j++) {
            v[j] = -0.3 * rng.nextDouble();
        }
        double tol = 1e-9;
        DualCheck check = new DualCheck(w, n, m, tol, 8 * n * m);
        check.reset(g.kth);
        // every row's dual well above -kth_i, so no row is skipped
        for (int i = 0; i < n; i++) {
            u[i] = -g.kth[i] + 0.4 + 0.01 * i;
        }
        // make some entries of every row near-tight under these duals
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < 4; t++) {
                int j = rng.nextInt(m);
                v[j] = -w[i * m + j] - u[i] + (t % 2 == 0 ? 1e-12 : -1e-12);
            }
        }
        int found = check.run(g, u, v);
        List<long[]> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double min = Double.POSITIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                if (inGraph(g, i, j)) {
                    continue;
                }
                double r = -w[i * m + j] - u[i] - v[j];
                if (r < -tol) {
                    expected.add(new long[] {i, j});
                } else {
                    min = Math.min(min, r);
                }
            }
            assertTrue(check.slack[i] <= min, "row " + i + ": slack " + check.slack[i] + " above the minimum " + min);
            assertTrue(check.slack[i] >= min - 1e-5, "row " + i + ": slack " + check.slack[i] + " far below " + min);
        }
        assertTrue(expected.size() > 0, "the fixture should hold violations");
        assertEquals(expected.size(), found);
        for (int k = 0; k < found; k++) {
            assertEquals(expected.get(k)[0], check.badRows[k], "violation " + k);
            assertEquals(expected.get(k)[1], check.badCols[k], "violation " + k);
        }
    }

    private static boolean inGraph(CandidateEdges g, int i, int j) {
        for (int e = g.start[i]; e < g.start[i + 1]; e++) {
            if (g.cols[e] == j) {
                return true;
            }
        }
        return false;
    }
}
