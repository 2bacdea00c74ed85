package dev.husai.core.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.tensor.FloatMatrix;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The blocked greedy matcher: a permutation found exactly, one-to-one, never above the optimum, close to greedy. */
class BlockedGreedyMatcherTest {

    private static FloatMatrix unit(int rows, int d, long seed) {
        Random r = new Random(seed);
        float[] x = new float[rows * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return Dictionaries.normalizeRows(new FloatMatrix(rows, d, x));
    }

    @Test
    void aPermutedDictionaryIsMatchedBackExactlyAcrossBlocksAndRounds() {
        FloatMatrix a = unit(300, 32, 1);
        int[] perm = IntStream.range(0, 300).map(i -> (i * 7 + 3) % 300).toArray();
        FloatMatrix b = Dictionaries.selectRows(a, perm);
        Matching m = BlockedGreedyMatcher.maximize(a, b, 1000, 2); // 3 rows per block, 2 candidates per row
        assertEquals(300, m.size());
        assertEquals(Matching.Method.GREEDY, m.method());
        for (int k = 0; k < m.size(); k++) {
            assertEquals(m.rows()[k], perm[m.cols()[k]], "row " + m.rows()[k]);
            assertEquals(1f, m.cosines()[k], 1e-5f);
        }
    }

    @Test
    void randomDictionariesGiveAOneToOneMatchingNeverAboveTheOptimum() {
        for (int[] fg : new int[][] {{200, 150}, {150, 200}, {180, 180}}) {
            FloatMatrix a = unit(fg[0], 16, 2);
            FloatMatrix b = unit(fg[1], 16, 3);
            FloatMatrix c = CosineMatrix.ofNormalized(a, b);
            Matching blocked = BlockedGreedyMatcher.maximize(a, b, 2000, 3);
            Matching exact = LinearAssignment.maximize(c);
            Matching greedy = GreedyMatcher.maximize(c);
            assertEquals(Math.min(fg[0], fg[1]), blocked.size());
            assertEquals(blocked.size(), Arrays.stream(blocked.cols()).distinct().count(), "one-to-one");
            for (int k = 0; k < blocked.size(); k++) {
                assertEquals(c.data()[blocked.rows()[k] * fg[1] + blocked.cols()[k]], blocked.cosines()[k], 1e-5f);
            }
            assertTrue(blocked.total() <= exact.total() + 1e-6, "never above the optimum");
            assertTrue(blocked.total() >= 0.97 * greedy.total(), blocked.total() + " vs greedy " + greedy.total());
        }
    }

    @Test
    void topCKeepsTheLargest() {
        int[] col = new int[3];
        float[] w = new float[3];
        BlockedGreedyMatcher.topC(new float[] {0.1f, 0.9f, -0.5f, 0.7f, 0.3f, 0.8f}, 0, 6, 3, col, w, 0);
        int[] sorted = IntStream.range(0, 3).boxed().sorted((x, y) -> Float.compare(w[y], w[x])).mapToInt(i -> col[i]).toArray();
        assertArrayEquals(new int[] {1, 5, 3}, sorted);
        assertTrue(BlockedGreedyMatcher.tooLargeForDense(8193, 8192) && !BlockedGreedyMatcher.tooLargeForDense(8192, 8192));
    }
}
