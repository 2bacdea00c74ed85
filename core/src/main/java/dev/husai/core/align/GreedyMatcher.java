package dev.husai.core.align;

import dev.husai.core.tensor.FloatMatrix;
import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * APPROXIMATE one-to-one matching: greedy by descending weight. Repeatedly takes the largest remaining
 * {@code W[i,j]} whose row and column are both unused (equivalently: iterated mutual nearest neighbours,
 * since the largest remaining entry is always a mutual best pair). Stops at {@code K = min(F, G)} pairs.
 *
 * <p>Its total is never above the exact optimum ({@link LinearAssignment}) and is at least half of it
 * for non-negative weights; results carry {@link Matching.Method#GREEDY} so no report can mistake them
 * for the optimum. Lazy priority queue over rows: a row whose best column was taken is rescanned over
 * the free columns only then. Use for live views at large widths; use the exact solver for numbers.
 */
public final class GreedyMatcher {

    private GreedyMatcher() {
    }

    private record Candidate(float weight, int row, int col) implements Comparable<Candidate> {
        @Override
        public int compareTo(Candidate o) {
            int byWeight = Float.compare(o.weight, weight);
            return byWeight != 0 ? byWeight : Integer.compare(row, o.row);
        }
    }

    /**
     * Greedy matching of the rows and columns of {@code weightsFG}.
     *
     * @param weightsFG finite weights {@code [F, G]} to maximise
     * @return {@link Matching.Method#GREEDY} matching with {@code min(F, G)} pairs
     */
    public static Matching maximize(FloatMatrix weightsFG) {
        LinearAssignment.requireFinite(weightsFG);
        int f = weightsFG.rows();
        int g = weightsFG.cols();
        float[] w = weightsFG.data();
        boolean[] colUsed = new boolean[g];
        int[] colOfRow = new int[f];
        Arrays.fill(colOfRow, -1);
        PriorityQueue<Candidate> queue = new PriorityQueue<>(Math.max(1, f));
        for (int i = 0; i < f && g > 0; i++) {
            queue.add(bestFree(w, i, g, colUsed));
        }
        int target = Math.min(f, g);
        int matched = 0;
        while (matched < target) {
            Candidate c = queue.poll();
            if (colUsed[c.col]) {
                queue.add(bestFree(w, c.row, g, colUsed));
                continue;
            }
            colUsed[c.col] = true;
            colOfRow[c.row] = c.col;
            matched++;
        }
        return Matching.fromColOfRow(colOfRow, w, g, Matching.Method.GREEDY);
    }

    private static Candidate bestFree(float[] w, int row, int g, boolean[] colUsed) {
        int base = row * g;
        int best = -1;
        float bestW = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < g; j++) {
            if (!colUsed[j] && (best < 0 || w[base + j] > bestW)) {
                bestW = w[base + j];
                best = j;
            }
        }
        return new Candidate(bestW, row, best);
    }
}
