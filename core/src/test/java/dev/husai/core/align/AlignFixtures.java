package dev.husai.core.align;

import dev.husai.core.tensor.FloatMatrix;
import java.util.Random;

/** Small deterministic fixtures shared by the align tests. */
final class AlignFixtures {

    private AlignFixtures() {
    }

    static FloatMatrix uniform(int rows, int cols, long seed) {
        Random r = new Random(seed);
        float[] x = new float[rows * cols];
        for (int k = 0; k < x.length; k++) {
            x[k] = r.nextFloat() * 2 - 1;
        }
        return new FloatMatrix(rows, cols, x);
    }

    static FloatMatrix gaussian(int rows, int cols, long seed) {
        Random r = new Random(seed);
        float[] x = new float[rows * cols];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) r.nextGaussian();
        }
        return new FloatMatrix(rows, cols, x);
    }

    /** Rows of {@code m} permuted: out row k = m row perm[k]. */
    static FloatMatrix permuteRows(FloatMatrix m, int[] perm) {
        return Dictionaries.selectRows(m, perm);
    }

    static int[] permutation(int n, long seed) {
        Random r = new Random(seed);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Brute-force maximum total over all injective maps of the smaller side into the larger. */
    static double bruteForceMax(FloatMatrix w) {
        boolean flip = w.rows() > w.cols();
        FloatMatrix m = flip ? w.transpose() : w;
        return search(m, 0, new boolean[m.cols()]);
    }

    private static double search(FloatMatrix m, int row, boolean[] used) {
        if (row == m.rows()) {
            return 0;
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < m.cols(); c++) {
            if (!used[c]) {
                used[c] = true;
                best = Math.max(best, m.get(row, c) + search(m, row + 1, used));
                used[c] = false;
            }
        }
        return best;
    }
}
