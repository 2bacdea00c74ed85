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
 * (ascending); a row whose best column was taken is rescanned over the free columns only then ({@link RowScan#best}:
 * the first column of the largest weight, on the Vector API). {@link #maximizeCosines} finds the rows' first best
 * columns block by block as BLAS writes the cosine matrix, while each block of {@link #BLOCK_ENTRIES} is in cache:
 * at 4,096 x 4,096 the matrix (64 MiB) is then read back from memory only for the rows that rescan.
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
        int[] firstBest = new int[f];
        for (int i = 0; i < f && g > 0; i++) {
            firstBest[i] = RowScan.best(weightsFG.data(), i * g, null, g);
        }
        return match(weightsFG.data(), f, g, firstBest);
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
        int[] firstBest = new int[f];
        int block = Math.max(1, BLOCK_ENTRIES / Math.max(1, g));
        for (int r0 = 0; r0 < f && g > 0; r0 += block) {
            int r1 = Math.min(f, r0 + block);
            CosineMatrix.productRows(aUnitFD, bUnitGD, r0, r1, cosFG);
            for (int i = r0; i < r1; i++) {
                firstBest[i] = RowScan.best(cosFG, i * g, null, g);
            }
        }
        return match(cosFG, f, g, firstBest);
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

    /** The greedy itself on {@code w [f, g]} from each row's best column {@code firstBest [f]}. */
    private static Matching match(float[] w, int f, int g, int[] firstBest) {
        float[] penalty = new float[g];
        int[] colOfRow = new int[f];
        Arrays.fill(colOfRow, -1);
        PriorityQueue<Candidate> queue = new PriorityQueue<>(Math.max(1, f));
        for (int i = 0; i < f && g > 0; i++) {
            queue.add(new Candidate(w[i * g + firstBest[i]], i, firstBest[i]));
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
            int next = RowScan.best(w, c.row * g, penalty, g);
            queue.add(new Candidate(w[c.row * g + next], c.row, next));
        }
        return Matching.fromColOfRow(colOfRow, w, g, Matching.Method.GREEDY);
    }

    private static void requireFinite(FloatMatrix m, String what) {
        int k = RowScan.firstNonFinite(m.data());
        if (k >= 0) {
            throw new IllegalArgumentException("expected finite " + what + " " + m.shape() + ", found " + m.data()[k]);
        }
    }
}
