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
 * for the optimum. Use for live views at large widths; use the exact solver for numbers.
 *
 * <p>How: a priority queue holds each unmatched row's best free column, by weight (descending), then row
 * (ascending). Each row keeps a list of its {@link #CANDIDATES} best columns (by weight, then column: {@link RowScan#top}
 * on the Vector API); a row whose best column was taken steps to the next free one on its list, and is rescanned over
 * the free columns only when its list is used up. {@link #maximizeCosines} lists the rows' columns block by block as
 * BLAS writes the cosine matrix, while each block of {@link #BLOCK_ENTRIES} is in cache: at 4,096 x 4,096 the matrix
 * (64 MiB) is then read back from memory only for the rows that rescan.
 */
public final class GreedyMatcher {
    /**
     * Cosine entries per block of {@link #maximizeCosines} (4 MiB of floats: 256 rows at 4,096 columns). Each block is
     * one sgemm that packs all of B again, so fewer, larger blocks pay off although a block no longer fits a core's L2:
     * one real 4,096 x 4,096 matching on one thread in blocks of 64 / 256 rows 63-66 / 56-57 ms (the sgemm alone 46.5 /
     * 38.7 ms, 34.4 in one call; blocks of 128 and 512 rows 40.9 and 37.2 ms).
     */
    static final int BLOCK_ENTRIES = 1 << 20;
    /**
     * Largest cosine matrix whose buffer a thread keeps for its next {@link #maximizeCosines} (4,096 x 4,096: 64 MiB):
     * a curve point matches 20 pairs of such matrices, and a fresh 64 MiB array is zeroed (and may start a GC) each
     * time. The matching copies what it keeps, so the buffer is free again when a call returns.
     */
    static final int KEPT_ENTRIES = 1 << 24;
    /**
     * Columns a row lists ahead ({@link RowScan#top}): at 4,096 x 4,096 on real TopK dictionaries (greedy on the
     * cosine matrix, one thread) rows step to a taken column about 4,300 times per matching; with lists of 8 only about
     * 900 of those rescan the row, against every one without. Lists of 4 / 8 / 16 took 38 / 36 / 64 ms (an earlier scan).
     */
    static final int CANDIDATES = 8;
    private static final ThreadLocal<float[]> KEPT = new ThreadLocal<>();

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
        CandidateLists lists = new CandidateLists(f);
        for (int i = 0; i < f && g > 0; i++) {
            lists.list(i, weightsFG.data(), i * g, null, g);
        }
        return match(weightsFG.data(), f, g, lists);
    }

    /**
     * Greedy matching on the cosines {@code C = A B^T} of two unit-row dictionaries, the same matching as
     * {@code maximize(CosineMatrix.ofNormalized(a, b))} on the matrix this computes: {@code C} is written in blocks of
     * rows ({@link CosineMatrix#productRows}), each row's best column found while its block is in cache.
     *
     * @param aUnitFD unit rows {@code [F, D]}, finite
     * @param bUnitGD unit rows {@code [G, D]}, same D, finite
     */
    public static Matching maximizeCosines(FloatMatrix aUnitFD, FloatMatrix bUnitGD) {
        Dictionaries.requireSameDim(aUnitFD, bUnitGD, "dictionary A", "dictionary B");
        requireFinite(aUnitFD, "dictionary A");
        requireFinite(bUnitGD, "dictionary B");
        int f = aUnitFD.rows();
        int g = bUnitGD.rows();
        float[] cosFG = buffer(Math.multiplyExact(f, g));
        CandidateLists lists = new CandidateLists(f);
        int block = Math.max(1, BLOCK_ENTRIES / Math.max(1, g));
        for (int r0 = 0; r0 < f && g > 0; r0 += block) {
            int r1 = Math.min(f, r0 + block);
            CosineMatrix.productRows(aUnitFD, bUnitGD, r0, r1, cosFG);
            for (int i = r0; i < r1; i++) {
                lists.list(i, cosFG, i * g, null, g);
            }
        }
        return match(cosFG, f, g, lists);
    }

    /** This thread's kept buffer when it holds {@code n} entries (sized to fit, up to {@link #KEPT_ENTRIES}), else a new one. */
    private static float[] buffer(int n) {
        if (n > KEPT_ENTRIES) {
            return new float[n];
        }
        float[] kept = KEPT.get();
        if (kept == null || kept.length < n) {
            kept = new float[n];
            KEPT.set(kept);
        }
        return kept;
    }

    /**
     * The greedy itself on {@code w [f, g]} from each row's candidate list ({@link #CANDIDATES} best columns, best
     * first, {@link RowScan#top}, in {@code lists}). A row whose column was taken moves on to the next free column of
     * its list: every column off the list is no better (by weight, then column), so that column is its best free one,
     * the one a rescan would find. Only a row whose list is used up rescans, listing its best free columns again.
     */
    private static Matching match(float[] w, int f, int g, CandidateLists lists) {
        float[] penalty = new float[g];
        int[] colOfRow = new int[f];
        Arrays.fill(colOfRow, -1);
        PriorityQueue<Candidate> queue = new PriorityQueue<>(Math.max(1, f));
        for (int i = 0; i < f && g > 0; i++) {
            queue.add(lists.head(i));
        }
        int target = Math.min(f, g);
        int matched = 0;
        while (matched < target) {
            Candidate c = queue.poll();
            if (penalty[c.col] == 0f) {
                penalty[c.col] = Float.NEGATIVE_INFINITY;
                colOfRow[c.row] = c.col;
                matched++;
                continue;
            }
            if (!lists.advance(c.row, penalty)) {
                lists.list(c.row, w, c.row * g, penalty, g);
            }
            queue.add(lists.head(c.row));
        }
        return Matching.fromColOfRow(colOfRow, w, g, Matching.Method.GREEDY);
    }

    /**
     * Each row's best columns ({@code [f, CANDIDATES]}, best first, {@link RowScan#top}) and the position of the one it
     * stands on: the greedy's memory of a row's scan, so that a taken column costs a step along the list instead of
     * a pass over the row.
     */
    private static final class CandidateLists {
        private final int[] cols;
        private final float[] weights;
        private final int[] length;
        private final int[] at;

        CandidateLists(int f) {
            cols = new int[f * CANDIDATES];
            weights = new float[f * CANDIDATES];
            length = new int[f];
            at = new int[f];
        }

        /** Lists row {@code i}'s best free columns from its weights {@code w[base .. base + g)}. */
        void list(int i, float[] w, int base, float[] penalty, int g) {
            length[i] = RowScan.top(w, base, penalty, g, CANDIDATES, cols, weights, i * CANDIDATES);
            at[i] = 0;
        }

        /** Row {@code i}'s current candidate. */
        Candidate head(int i) {
            int e = i * CANDIDATES + at[i];
            return new Candidate(weights[e], i, cols[e]);
        }

        /** Moves row {@code i} to the next free column of its list; false when none is left. */
        boolean advance(int i, float[] penalty) {
            int k = at[i] + 1;
            while (k < length[i] && penalty[cols[i * CANDIDATES + k]] != 0f) {
                k++;
            }
            at[i] = k;
            return k < length[i];
        }
    }

    private static void requireFinite(FloatMatrix m, String what) {
        int k = RowScan.firstNonFinite(m.data());
        if (k >= 0) {
            throw new IllegalArgumentException("expected finite " + what + " " + m.shape() + ", found " + m.data()[k]);
        }
    }
}
