package dev.husai.core.stability;

/**
 * A pair's stability with both baselines beside it.
 *
 * @param observed       the pair under study
 * @param randomBaseline two random unit SAEs of the same shapes ({@link Baselines.Kind#RANDOM_UNIT})
 * @param initBaseline   two untrained SAE initialisations ({@link Baselines.Kind#UNTRAINED_INIT})
 */
public record PairReport(PairStability observed, PairStability randomBaseline, PairStability initBaseline) {

    public PairReport {
        if (observed == null || randomBaseline == null || initBaseline == null) {
            throw new IllegalArgumentException("expected observed and both baselines, found a null");
        }
    }

    /** Computes the pair and its two baselines (seeded with {@link Baselines#DEFAULT_SEED}). */
    public static PairReport of(SaeDictionaries a, SaeDictionaries b, double tau) {
        return of(a, b, tau, true);
    }

    /**
     * {@link #of(SaeDictionaries, SaeDictionaries, double)}, without the encoders' own matching when
     * {@code encoderMatching} is false (one assignment instead of two; the observed encoder PW-MCC is then NaN).
     */
    public static PairReport of(SaeDictionaries a, SaeDictionaries b, double tau, boolean encoderMatching) {
        PairStability obs = encoderMatching ? PairMetrics.compare(a, b, tau) : PairMetrics.compareDecoderMatched(a, b, tau);
        int f = a.latents();
        int g = b.latents();
        int d = a.dim();
        return new PairReport(obs,
                Baselines.pair(Baselines.Kind.RANDOM_UNIT, f, g, d, tau, Baselines.DEFAULT_SEED),
                Baselines.pair(Baselines.Kind.UNTRAINED_INIT, f, g, d, tau, Baselines.DEFAULT_SEED));
    }

    /** Decoder PW-MCC against the random-unit baseline. */
    public BaselinedValue pwMccDecoder() {
        return BaselinedValue.of(observed.pwMccDecoder(), randomBaseline.pwMccDecoder());
    }

    /** Encoder PW-MCC against the random-unit baseline. */
    public BaselinedValue pwMccEncoder() {
        return BaselinedValue.of(observed.pwMccEncoder(), randomBaseline.pwMccEncoder());
    }

    /** Shared fraction against the random-unit baseline. */
    public BaselinedValue sharedFraction() {
        return BaselinedValue.of(observed.sharedFraction(), randomBaseline.sharedFraction());
    }

    /** Decoder PW-MCC against the untrained-initialisation baseline. */
    public BaselinedValue pwMccDecoderVsInit() {
        return BaselinedValue.of(observed.pwMccDecoder(), initBaseline.pwMccDecoder());
    }

    /** Shared fraction against the untrained-initialisation baseline. */
    public BaselinedValue sharedFractionVsInit() {
        return BaselinedValue.of(observed.sharedFraction(), initBaseline.sharedFraction());
    }
}
