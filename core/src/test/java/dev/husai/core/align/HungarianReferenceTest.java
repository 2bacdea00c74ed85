package dev.husai.core.align;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.husai.core.tensor.FloatMatrix;
import org.junit.jupiter.api.Test;

/** Cross-checks the JV solver against a textbook O(n^2 m) Hungarian algorithm at sizes brute force cannot reach. */
class HungarianReferenceTest {

    /** Classic potentials-based Hungarian (min cost, n <= m), returns the optimal maximum total. */
    static double hungarianMax(FloatMatrix w) {
        FloatMatrix m = w.rows() > w.cols() ? w.transpose() : w;
        int n = m.rows();
        int k = m.cols();
        double[] u = new double[n + 1];
        double[] v = new double[k + 1];
        int[] p = new int[k + 1];
        int[] way = new int[k + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            double[] minv = new double[k + 1];
            boolean[] used = new boolean[k + 1];
            java.util.Arrays.fill(minv, Double.POSITIVE_INFINITY);
            do {
                used[j0] = true;
                int i0 = p[j0];
                int j1 = 0;
                double delta = Double.POSITIVE_INFINITY;
                for (int j = 1; j <= k; j++) {
                    if (!used[j]) {
                        double cur = -m.get(i0 - 1, j - 1) - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= k; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        double total = 0;
        for (int j = 1; j <= k; j++) {
            if (p[j] != 0) {
                total += m.get(p[j] - 1, j - 1);
            }
        }
        return total;
    }

    @Test
    void agreesWithHungarianOnRandomCosineMatrices() {
        int[][] shapes = {{50, 50}, {120, 120}, {200, 200}, {80, 130}, {130, 80}, {200, 17}};
        for (int[] s : shapes) {
            for (long seed = 0; seed < 4; seed++) {
                FloatMatrix c = CosineMatrix.of(AlignFixtures.gaussian(s[0], 8, seed), AlignFixtures.gaussian(s[1], 8, seed + 9));
                Matching m = LinearAssignment.maximize(c);
                assertEquals(hungarianMax(c), m.total(), 1e-4, s[0] + "x" + s[1] + " seed " + seed);
                LinearAssignmentTest.assertValidMatching(m, c);
            }
        }
    }

    @Test
    void agreesWithHungarianOnNoisyPermutedCopies() {
        FloatMatrix a = AlignFixtures.gaussian(256, 16, 5);
        FloatMatrix noise = AlignFixtures.gaussian(256, 16, 6);
        FloatMatrix b = AlignFixtures.permuteRows(a, AlignFixtures.permutation(256, 7));
        for (int k = 0; k < b.data().length; k++) {
            b.data()[k] += 0.6f * noise.data()[k];
        }
        FloatMatrix c = CosineMatrix.of(a, b);
        assertEquals(hungarianMax(c), LinearAssignment.maximize(c).total(), 1e-4);
    }
}
