package dev.husai.stream.analysis;

import dev.husai.core.align.GreedyMatcher;
import dev.husai.core.align.Matchers;
import dev.husai.core.align.LinearAssignment;
import dev.husai.core.align.Matching;
import dev.husai.core.stability.Baselines;
import dev.husai.core.stability.PairMetrics;
import dev.husai.core.stability.PairReport;
import dev.husai.core.stability.PairStability;
import dev.husai.core.stability.SaeDictionaries;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pair stability for the live stream: the definitions of core's {@link PairMetrics#compare} (match once on
 * decoder cosines, read the encoder cosines on those pairs, encoder PW-MCC with its own matching), on
 * dictionaries row-normalised ONCE per snapshot ({@link PairMetrics#unitRows}) instead of once per pair, with the
 * matcher the options choose: exact ({@link LinearAssignment}, identical numbers to core, tested) or greedy
 * ({@link GreedyMatcher}, an APPROXIMATION). Baselines use the same matcher as the observed value.
 */
public final class LivePairs {

    private record Key(Baselines.Kind kind, int f, int g, int d, double tau, boolean greedy) {
    }

    private static final Map<Key, PairStability> BASELINES = new ConcurrentHashMap<>();

    private LivePairs() {
    }

    /** Pair report of unit-row {@code a} ({@code [F,D]}) and {@code b} ({@code [G,D]}) with both baselines. */
    public static PairReport report(SaeDictionaries a, SaeDictionaries b, double tau, boolean greedy) {
        return new PairReport(compare(a, b, tau, greedy), baseline(Baselines.Kind.RANDOM_UNIT, a, b, tau, greedy),
                baseline(Baselines.Kind.UNTRAINED_INIT, a, b, tau, greedy));
    }

    /** {@link PairMetrics#compare} on unit-row dictionaries with the exact or the greedy matcher. */
    public static PairStability compare(SaeDictionaries a, SaeDictionaries b, double tau, boolean greedy) {
        Matching dec = greedy ? Matchers.greedy(a.decoderFD(), b.decoderFD()) : Matchers.exact(a.decoderFD(), b.decoderFD());
        Matching enc = greedy ? Matchers.greedy(a.encoderFD(), b.encoderFD()) : Matchers.exact(a.encoderFD(), b.encoderFD());
        return PairMetrics.fromDecoderMatching(dec, enc.mean(), a.encoderFD(), b.encoderFD(), tau);
    }

    private static PairStability baseline(Baselines.Kind kind, SaeDictionaries a, SaeDictionaries b, double tau,
                                          boolean greedy) {
        Key key = new Key(kind, a.latents(), b.latents(), a.dim(), tau, greedy);
        return BASELINES.computeIfAbsent(key, k -> greedy
                ? compare(PairMetrics.unitRows(Baselines.sae(kind, k.f(), k.d(), Baselines.DEFAULT_SEED)),
                        PairMetrics.unitRows(Baselines.sae(kind, k.g(), k.d(), Baselines.DEFAULT_SEED + 1)), k.tau(), true)
                : Baselines.pair(kind, k.f(), k.g(), k.d(), k.tau(), Baselines.DEFAULT_SEED));
    }
}
