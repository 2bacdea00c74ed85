package dev.husai.core.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link CandidateEdges#topC} (its vector skip included) against its definition: each row's c heaviest columns and
 * each column's c heaviest rows, lower index first on ties, and each row's c-th heaviest weight.
 */
class CandidateEdgesTest {

    @ParameterizedTest
    @CsvSource({"40, 37, 4, false", "64, 100, 8, true", "33, 300, 8, false", "300, 41, 3, true", "5, 9, 8, true"})
    void topCIsEachRowsAndColumnsHeaviest(int n, int m, int c, boolean integers) {
        Random rng = new Random(n * 31L + m);
        float[] w = new float[n * m];
        for (int k = 0; k < w.length; k++) {
            w[k] = integers ? rng.nextInt(5) : (float) rng.nextGaussian();
        }
        CandidateEdges g = CandidateEdges.topC(w, n, m, c);
        List<TreeSet<Integer>> expected = new ArrayList<>();
        float[] kth = new float[n];
        for (int i = 0; i < n; i++) {
            int row = i;
            List<Integer> order = heaviestFirst(m, j -> w[row * m + j]);
            expected.add(new TreeSet<>(order.subList(0, Math.min(c, m))));
            kth[i] = w[i * m + order.get(Math.min(c, m) - 1)];
        }
        for (int j = 0; j < m; j++) {
            int col = j;
            for (int i : heaviestFirst(n, i -> w[i * m + col]).subList(0, Math.min(c, n))) {
                expected.get(i).add(j);
            }
        }
        for (int i = 0; i < n; i++) {
            int[] found = java.util.Arrays.copyOfRange(g.cols, g.start[i], g.start[i + 1]);
            assertArrayEquals(expected.get(i).stream().mapToInt(Integer::intValue).toArray(), found, "row " + i);
            for (int e = g.start[i]; e < g.start[i + 1]; e++) {
                assertEquals(w[i * m + g.cols[e]], g.weights[e]);
            }
        }
        assertArrayEquals(kth, g.kth);
    }

    /** Indices 0..size-1 by descending weight, the lower index first among equal weights. */
    private static List<Integer> heaviestFirst(int size, java.util.function.IntFunction<Float> weight) {
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < size; k++) {
            order.add(k);
        }
        order.sort(Comparator.<Integer, Float>comparing(weight::apply).reversed().thenComparing(k -> k));
        return order;
    }
}
