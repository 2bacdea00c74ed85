package dev.husai.core.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.tensor.FloatMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SparseAssignmentTest {

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1,1", "2,2", "3,3", "5,5", "8,8", "3,7", "7,3", "1,6", "6,1", "4,8", "8,5"})
    void totalEqualsBruteForceOptimum(int rows, int cols) {
        for (long seed = 0; seed < 25; seed++) {
            FloatMatrix w = AlignFixtures.uniform(rows, cols, seed * 31 + rows * 7 + cols);
            for (int c : new int[] {1, 2, 8}) {
                SparseAssignment.Result r = SparseAssignment.solve(w, c);
                assertEquals(AlignFixtures.bruteForceMax(w), SparseAssignment.maximize(w).total(), 1e-5, "seed " + seed);
                assertCertificate(w, r);
            }
        }
    }

    @ParameterizedTest(name = "{0}x{1}, {2} candidates")
    @CsvSource({"200,200,1", "200,200,2", "200,200,8", "150,400,2", "400,150,2", "300,301,3", "64,1000,1", "1000,64,4"})
    void totalEqualsDenseSolverAndIsCertified(int rows, int cols, int candidates) {
        for (long seed = 0; seed < 6; seed++) {
            FloatMatrix w = seed % 2 == 0 ? AlignFixtures.uniform(rows, cols, seed)
                    : CosineMatrix.of(AlignFixtures.gaussian(rows, 8, seed), AlignFixtures.gaussian(cols, 8, seed + 50));
            SparseAssignment.Result r = SparseAssignment.solve(w, candidates);
            double dense = LinearAssignment.maximize(w).total();
            double sparse = SparseAssignment.maximize(w).total();
            assertEquals(dense, sparse, 1e-6 * Math.abs(dense), "seed " + seed);
            assertCertificate(w, r);
        }
    }

    @Test
    void warmRoundsAddViolatingEdgesUntilCertified() {
        int warm = 0;
        for (long seed = 0; seed < 4; seed++) {
            FloatMatrix w = CosineMatrix.of(AlignFixtures.gaussian(200, 8, seed), AlignFixtures.gaussian(200, 8, seed + 9));
            SparseAssignment.Result r = SparseAssignment.solve(w, 3);
            assertEquals(LinearAssignment.maximize(w).total(), SparseAssignment.maximize(w).total(), 1e-6 * 200);
            assertCertificate(w, r);
            warm += !r.dense() && r.rounds() > 1 ? 1 : 0;
        }
        assertTrue(warm > 0, "3 candidates in 8 dimensions leave violations for the warm rounds to repair");
    }

    @Test
    void tiesAndIntegerWeightsStillOptimal() {
        for (long seed = 0; seed < 30; seed++) {
            float[] q = AlignFixtures.uniform(60, 70, seed).data().clone();
            for (int k = 0; k < q.length; k++) {
                q[k] = Math.round(q[k] * 2);
            }
            FloatMatrix w = new FloatMatrix(60, 70, q);
            for (FloatMatrix x : new FloatMatrix[] {w, w.transpose(), new FloatMatrix(60, 60, java.util.Arrays.copyOf(q, 3600))}) {
                SparseAssignment.Result r = SparseAssignment.solve(x, 2);
                assertEquals(LinearAssignment.maximize(x).total(), SparseAssignment.maximize(x).total(), 1e-9);
                assertCertificate(x, r);
            }
        }
    }

    @Test
    void permutedNoisyCopyIsSolvedOnCandidatesInOneRound() {
        FloatMatrix a = Dictionaries.normalizeRows(AlignFixtures.gaussian(500, 32, 3));
        int[] perm = AlignFixtures.permutation(500, 4);
        FloatMatrix b = AlignFixtures.permuteRows(a, perm);
        SparseAssignment.Result r = SparseAssignment.solve(CosineMatrix.of(a, b), SparseAssignment.CANDIDATES);
        assertFalse(r.dense());
        assertEquals(1, r.rounds());
        for (int i = 0; i < 500; i++) {
            assertEquals(i, perm[r.colOfRow()[i]]);
        }
    }

    @Test
    void candidateGraphWithoutCompleteMatchingFallsBackToDense() {
        // every row's and every column's best partner is row 0 / column 0: with one candidate, rows 1 and 2 only
        // reach column 0
        FloatMatrix w = new FloatMatrix(3, 3, new float[] {9, 8, 7, 5, 1, 0, 4, 0, 1});
        SparseAssignment.Result r = SparseAssignment.solve(w, 1);
        assertTrue(r.dense());
        assertEquals(AlignFixtures.bruteForceMax(w), SparseAssignment.maximize(w).total(), 1e-9);
    }

    @Test
    void rowsLeftFreeCountsRowsWhoseBestColumnIsTaken() {
        // the rows' heaviest columns are 0, 0, 2, 2, 1: rows 1 and 3 find theirs taken
        float[] w = {5, 1, 0, 4, 2, 0, 0, 1, 3, 0, 2, 9, 0, 7, 1};
        assertEquals(2, SparseAssignment.rowsLeftFree(w, 5, 3));
        assertEquals(0, SparseAssignment.rowsLeftFree(new float[] {1, 0, 0, 1}, 2, 2));
    }

    @Test
    void maximizeAgreesWithDenseOnEasyAndHardInputs() {
        FloatMatrix a = Dictionaries.normalizeRows(AlignFixtures.gaussian(600, 32, 5));
        FloatMatrix easy = CosineMatrix.of(a, AlignFixtures.permuteRows(a, AlignFixtures.permutation(600, 6)));
        FloatMatrix hard = CosineMatrix.of(AlignFixtures.gaussian(600, 6, 7), AlignFixtures.gaussian(580, 6, 8));
        assertEquals(0, SparseAssignment.rowsLeftFree(easy.data(), 600, 600));
        assertTrue(SparseAssignment.rowsLeftFree(hard.transpose().data(), 580, 600) > 580 / 32);
        for (FloatMatrix w : new FloatMatrix[] {easy, hard, hard.transpose(), AlignFixtures.uniform(100, 120, 3)}) {
            Matching dense = LinearAssignment.maximize(w);
            Matching m = SparseAssignment.maximize(w);
            assertEquals(dense.total(), m.total(), 1e-6 * Math.abs(dense.total()));
            assertEquals(Math.min(w.rows(), w.cols()), m.size());
            assertEquals(Matching.Method.EXACT, m.method());
        }
    }

    @Test
    void resultIsDeterministic() {
        FloatMatrix w = CosineMatrix.of(AlignFixtures.gaussian(300, 4, 9), AlignFixtures.gaussian(300, 4, 10));
        Matching first = SparseAssignment.maximize(w);
        assertEquals(first, SparseAssignment.maximize(w));
        assertArrayEquals(first.cols(), SparseAssignment.maximize(w).cols());
        assertEquals(Matching.Method.EXACT, first.method());
    }

    /**
     * The LP-duality certificate, checked here independently of the solver: a complete matching on the rows, tight
     * matched edges, reduced costs {@code -w - u - v >= -1e-9} on the FULL matrix, {@code v <= 0} with {@code v = 0}
     * on unassigned columns; then the primal equals the dual objective.
     */
    private static void assertCertificate(FloatMatrix weights, SparseAssignment.Result r) {
        if (r.dense()) {
            return;
        }
        FloatMatrix w = r.transposed() ? weights.transpose() : weights;
        int n = w.rows();
        int m = w.cols();
        boolean[] assigned = new boolean[m];
        double primal = 0;
        double dual = 0;
        for (int i = 0; i < n; i++) {
            int j = r.colOfRow()[i];
            assertTrue(j >= 0 && !assigned[j], "row " + i + " needs its own column, found " + j);
            assigned[j] = true;
            primal -= w.get(i, j);
            dual += r.u()[i];
            assertEquals(0.0, -w.get(i, j) - r.u()[i] - r.v()[j], 1e-9, "matched edge " + i + " is tight");
            for (int k = 0; k < m; k++) {
                assertTrue(-w.get(i, k) - r.u()[i] - r.v()[k] >= -1e-9, "reduced cost of (" + i + "," + k + ")");
            }
        }
        for (int j = 0; j < m; j++) {
            dual += r.v()[j];
            if (n < m) {
                assertTrue(r.v()[j] <= 0 && (assigned[j] || r.v()[j] == 0), "column price " + j + ": " + r.v()[j]);
            }
        }
        assertEquals(primal, dual, 1e-9 * Math.max(1, n));
    }
}
