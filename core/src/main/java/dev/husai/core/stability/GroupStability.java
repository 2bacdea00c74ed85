package dev.husai.core.stability;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Stability of a group of S seeds: every unordered seed pair {@code (a < b)} and aggregates over the
 * P = S(S-1)/2 pairs, each next to its random-unit baseline.
 *
 * @param pairs          {@code [P]} seed pairs with their reports, in order (0,1), (0,2), ..., (S-2,S-1)
 * @param pwMccDecoder   observed decoder PW-MCC over pairs
 * @param pwMccEncoder   observed encoder PW-MCC over pairs
 * @param sharedFraction observed shared fraction over pairs
 * @param excessPwMccDecoder decoder PW-MCC minus its random-unit baseline, over pairs
 * @param excessSharedFraction shared fraction minus its random-unit baseline, over pairs
 */
public record GroupStability(List<SeedPair> pairs, Summary pwMccDecoder, Summary pwMccEncoder,
                             Summary sharedFraction, Summary excessPwMccDecoder, Summary excessSharedFraction) {

    /**
     * One seed pair of the group.
     *
     * @param a      index of the first seed (row side of the matching)
     * @param b      index of the second seed, {@code > a}
     * @param report stability with baselines
     */
    public record SeedPair(int a, int b, PairReport report) {
        public SeedPair {
            if (a < 0 || b <= a || report == null) {
                throw new IllegalArgumentException("expected 0 <= a < b and a report, found a=" + a + ", b=" + b);
            }
        }
    }

    public GroupStability {
        pairs = List.copyOf(pairs);
    }

    /**
     * Compares every pair of {@code seeds} ({@code [S]}, S >= 2, same D); pairs run in parallel (common pool).
     *
     * @param tau shared threshold
     */
    public static GroupStability of(List<SaeDictionaries> seeds, double tau) {
        return of(seeds, tau, true);
    }

    /**
     * {@link #of(List, double)}; without the encoders' own matching when {@code encoderMatching} is false (half the
     * assignments; the encoder PW-MCC summaries are then NaN).
     */
    public static GroupStability of(List<SaeDictionaries> seeds, double tau, boolean encoderMatching) {
        if (seeds == null || seeds.size() < 2) {
            throw new IllegalArgumentException("expected at least 2 seeds, found " + (seeds == null ? 0 : seeds.size()));
        }
        List<int[]> ab = pairIndices(seeds.size());
        List<SeedPair> pairs = ab.parallelStream()
                .map(p -> new SeedPair(p[0], p[1], PairReport.of(seeds.get(p[0]), seeds.get(p[1]), tau, encoderMatching))).toList();
        return fromPairs(pairs);
    }

    /** The {@code S(S-1)/2} index pairs {@code (a < b)} in order (0,1), (0,2), ..., (S-2,S-1). */
    public static List<int[]> pairIndices(int s) {
        List<int[]> out = new ArrayList<>();
        for (int a = 0; a < s; a++) {
            for (int b = a + 1; b < s; b++) {
                out.add(new int[] {a, b});
            }
        }
        return out;
    }

    /** Aggregates already computed pairs (the stream analyzer computes them one by one). */
    public static GroupStability fromPairs(List<SeedPair> pairs) {
        return new GroupStability(pairs,
                summarise(pairs, r -> r.observed().pwMccDecoder()),
                summarise(pairs, r -> r.observed().pwMccEncoder()),
                summarise(pairs, r -> r.observed().sharedFraction()),
                summarise(pairs, r -> r.pwMccDecoder().excess()),
                summarise(pairs, r -> r.sharedFraction().excess()));
    }

    private static Summary summarise(List<SeedPair> pairs, ToDoubleFunction<PairReport> metric) {
        return Summary.of(pairs.stream().mapToDouble(p -> metric.applyAsDouble(p.report())).toArray());
    }
}
