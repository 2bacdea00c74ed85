package dev.husai.core.stability;

import dev.husai.core.tensor.FloatMatrix;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chance-level pairs with the same shapes as the SAEs under study; every stability number is reported
 * beside the same metric on these pairs.
 *
 * <ul>
 *   <li>{@link Kind#RANDOM_UNIT}: two independent SAEs whose decoder and encoder dictionaries are all
 *   independent random unit rows (i.i.d. Gaussian rows, normalised: uniform on the sphere S^{D-1}).
 *   In D = 128 two 1024-latent dictionaries already reach PW-MCC ~0.30.</li>
 *   <li>{@link Kind#UNTRAINED_INIT}: two untrained SAE initialisations as in the TopK recipe (Gao et al.
 *   2024): decoder rows Gaussian then unit-normalised, encoder initialised as the decoder transpose,
 *   so encoder dictionary = decoder dictionary. Decoder numbers equal the random-unit level in
 *   distribution; encoder and shared numbers differ because encoder and decoder are tied.</li>
 * </ul>
 * Seeds are fixed (A uses {@code seed}, B uses {@code seed + 1}), so baselines are reproducible and can be
 * cached per shape: {@link #pair} memoises on (kind, F, G, D, tau, seed).
 */
public final class Baselines {

    /** The two baseline families. */
    public enum Kind { RANDOM_UNIT, UNTRAINED_INIT }

    /** Default baseline seed. */
    public static final long DEFAULT_SEED = 20250521L;

    private record Key(Kind kind, int f, int g, int d, double tau, long seed) {
    }

    private static final Map<Key, PairStability> CACHE = new ConcurrentHashMap<>();

    private Baselines() {
    }

    /** {@code [F, D]} matrix of i.i.d. Gaussian rows normalised to unit length. */
    public static FloatMatrix randomUnit(int f, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[Math.multiplyExact(f, d)];
        for (int r = 0; r < f; r++) {
            double ss = 0;
            for (int c = 0; c < d; c++) {
                double g = gaussian(rng);
                x[r * d + c] = (float) g;
                ss += g * g;
            }
            float inv = (float) (1.0 / Math.sqrt(ss));
            for (int c = 0; c < d; c++) {
                x[r * d + c] *= inv;
            }
        }
        return new FloatMatrix(f, d, x);
    }

    /** One baseline SAE of {@code kind} with F latents in D dimensions. */
    public static SaeDictionaries sae(Kind kind, int f, int d, long seed) {
        FloatMatrix dec = randomUnit(f, d, seed);
        return switch (kind) {
            case RANDOM_UNIT -> new SaeDictionaries(dec, randomUnit(f, d, seed ^ 0x5DEECE66DL));
            case UNTRAINED_INIT -> new SaeDictionaries(dec, dec);
        };
    }

    /** Pair stability of two baseline SAEs ({@code [F,D]} and {@code [G,D]}), memoised. */
    public static PairStability pair(Kind kind, int f, int g, int d, double tau, long seed) {
        return CACHE.computeIfAbsent(new Key(kind, f, g, d, tau, seed),
                k -> PairMetrics.compare(sae(kind, f, d, seed), sae(kind, g, d, seed + 1), tau));
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
    }
}
