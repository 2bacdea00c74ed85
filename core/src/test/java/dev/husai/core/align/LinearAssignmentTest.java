package dev.husai.core.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.tensor.FloatMatrix;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinearAssignmentTest {

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1,1", "2,2", "3,3", "5,5", "8,8", "3,7", "7,3", "1,6", "6,1", "4,8", "8,5"})
    void totalEqualsBruteForceOptimum(int rows, int cols) {
        for (long seed = 0; seed < 25; seed++) {
            FloatMatrix w = AlignFixtures.uniform(rows, cols, seed * 31 + rows * 7 + cols);
            Matching m = LinearAssignment.maximize(w);
            assertEquals(AlignFixtures.bruteForceMax(w), m.total(), 1e-5, "seed " + seed);
            assertValidMatching(m, w);
        }
    }

    @Test
    void tiesAndIntegerCostsStillOptimal() {
        for (long seed = 0; seed < 40; seed++) {
            FloatMatrix w = AlignFixtures.uniform(6, 6, seed);
            float[] q = w.data().clone();
            for (int k = 0; k < q.length; k++) {
                q[k] = Math.round(q[k] * 2);
            }
            FloatMatrix wq = new FloatMatrix(6, 6, q);
            assertEquals(AlignFixtures.bruteForceMax(wq), LinearAssignment.maximize(wq).total(), 1e-6);
        }
    }

    @Test
    void permutedCopyMatchesBackToThePermutationWithCosineOne() {
        FloatMatrix a = AlignFixtures.gaussian(300, 64, 1);
        int[] perm = AlignFixtures.permutation(300, 2);
        FloatMatrix b = AlignFixtures.permuteRows(a, perm);
        Matching m = LinearAssignment.maximize(CosineMatrix.of(a, b));
        assertEquals(Matching.Method.EXACT, m.method());
        assertEquals(300, m.size());
        for (int k = 0; k < 300; k++) {
            assertEquals(a.rows() > 0 ? k : -1, m.rows()[k]);
            assertEquals(k, perm[m.cols()[k]], "row " + k + " should match the column holding its copy");
            assertEquals(1.0f, m.cosines()[k], 1e-5f);
        }
        assertEquals(1.0, m.mean(), 1e-5);
    }

    @Test
    void greedyNeverBeatsExactAndIsLabelled() {
        for (long seed = 0; seed < 20; seed++) {
            FloatMatrix c = CosineMatrix.of(AlignFixtures.gaussian(60, 16, seed), AlignFixtures.gaussian(45, 16, seed + 100));
            Matching exact = LinearAssignment.maximize(c);
            Matching greedy = GreedyMatcher.maximize(c);
            assertEquals(Matching.Method.GREEDY, greedy.method());
            assertEquals(45, greedy.size());
            assertTrue(greedy.total() <= exact.total() + 1e-6, "greedy " + greedy.total() + " > exact " + exact.total());
            assertValidMatching(greedy, c);
        }
    }

    @Test
    void greedyTakesTheLargestEntryFirst() {
        FloatMatrix w = new FloatMatrix(2, 2, new float[] {0.9f, 0.8f, 0.85f, 0.0f});
        assertEquals(0.9, GreedyMatcher.maximize(w).total(), 1e-6);
        assertEquals(1.65, LinearAssignment.maximize(w).total(), 1e-6);
    }

    @Test
    void nanWeightIsRejectedWithPosition() {
        FloatMatrix w = AlignFixtures.uniform(3, 3, 0);
        w.set(1, 2, Float.NaN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LinearAssignment.maximize(w));
        assertTrue(e.getMessage().contains("expected finite") && e.getMessage().contains("found NaN at [1,2]"), e.getMessage());
    }

    @Test
    void emptyMatrixGivesEmptyMatching() {
        assertEquals(0, LinearAssignment.maximize(new FloatMatrix(0, 5, new float[0])).size());
        assertArrayEquals(new int[] {-1, -1}, LinearAssignment.maximize(new FloatMatrix(2, 0, new float[0])).partnerOfRow(2));
    }

    static void assertValidMatching(Matching m, FloatMatrix w) {
        assertEquals(Math.min(w.rows(), w.cols()), m.size());
        Set<Integer> cols = new HashSet<>();
        double total = 0;
        for (int k = 0; k < m.size(); k++) {
            assertTrue(cols.add(m.cols()[k]), "column used twice: " + m.cols()[k]);
            assertEquals(w.get(m.rows()[k], m.cols()[k]), m.cosines()[k]);
            total += m.cosines()[k];
        }
        assertEquals(total, m.total(), 1e-9);
    }
}
