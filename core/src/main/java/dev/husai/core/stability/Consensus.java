package dev.husai.core.stability;

import java.util.Arrays;
import java.util.List;

/**
 * Per-latent consensus across the S seeds of a group.
 *
 * <p>For latent i of seed s: {@code count[s][i] = #{t != s : latent i is shared with seed t}}, where shared
 * means its decoder-matched partner in pair (s, t) has decoder AND encoder cosine {@code >= tau}
 * ({@link PairStability#sharedScoresOfA}). {@code count} ranges over {@code 0..S-1}. A latent is
 * <em>universal</em> when {@code count == S-1}: found by every seed.
 *
 * @param seeds  S
 * @param tau    threshold used
 * @param counts {@code [S][F_s]} partner counts
 */
public record Consensus(int seeds, double tau, int[][] counts) {

    public Consensus {
        if (counts == null || counts.length != seeds) {
            throw new IllegalArgumentException("expected counts for " + seeds + " seeds, found "
                    + (counts == null ? "null" : counts.length));
        }
    }

    /**
     * Builds the consensus from the pairs of a group.
     *
     * @param widths {@code [S]} latents per seed
     * @param pairs  all unordered seed pairs (as in {@link GroupStability#pairs()})
     */
    public static Consensus of(int[] widths, List<GroupStability.SeedPair> pairs, double tau) {
        int s = widths.length;
        int[][] counts = new int[s][];
        for (int k = 0; k < s; k++) {
            counts[k] = new int[widths[k]];
        }
        for (GroupStability.SeedPair p : pairs) {
            if (p.b() >= s) {
                throw new IllegalArgumentException("expected seed index < " + s + ", found pair (" + p.a() + "," + p.b() + ")");
            }
            PairStability st = p.report().observed();
            addShared(counts[p.a()], st.sharedScoresOfA(widths[p.a()]), tau);
            addShared(counts[p.b()], st.sharedScoresOfB(widths[p.b()]), tau);
        }
        return new Consensus(s, tau, counts);
    }

    private static void addShared(int[] count, float[] scores, double tau) {
        if (scores.length != count.length) {
            throw new IllegalArgumentException("expected " + count.length + " latents, found " + scores.length);
        }
        for (int i = 0; i < count.length; i++) {
            if (scores[i] >= tau) {
                count[i]++;
            }
        }
    }

    /** Latents of seed {@code s} found by every other seed (count = S-1), ascending. */
    public int[] universal(int s) {
        return indicesWithCount(s, seeds - 1);
    }

    /** Latents of seed {@code s} shared with no other seed (count = 0), ascending. */
    public int[] orphans(int s) {
        return indicesWithCount(s, 0);
    }

    /** Fraction of seed {@code s}'s latents that are universal. */
    public double universalFraction(int s) {
        return (double) universal(s).length / counts[s].length;
    }

    /** {@code [S]} histogram of counts for seed {@code s}: entry c = latents shared with exactly c seeds. */
    public int[] countHistogram(int s) {
        int[] h = new int[seeds];
        for (int c : counts[s]) {
            h[c]++;
        }
        return h;
    }

    private int[] indicesWithCount(int s, int c) {
        return java.util.stream.IntStream.range(0, counts[s].length).filter(i -> counts[s][i] == c).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Consensus c && c.seeds == seeds && c.tau == tau && Arrays.deepEquals(c.counts, counts);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(counts);
    }

    @Override
    public String toString() {
        return "Consensus[S=" + seeds + ", tau=" + tau + "]";
    }
}
