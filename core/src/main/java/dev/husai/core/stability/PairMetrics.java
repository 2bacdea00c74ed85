package dev.husai.core.stability;

import dev.husai.core.align.Dictionaries;
import dev.husai.core.align.Matchers;
import dev.husai.core.align.Matching;
import dev.husai.core.tensor.FloatMatrix;

/**
 * Computes {@link PairStability} for two SAEs with the exact matcher.
 *
 * <p>Choice for the shared fraction (Paulo &amp; Belrose 2025 require both decoder and encoder to
 * agree): latents are matched ONCE, on the decoder cosine matrix, and the encoder cosine is read for the
 * same pairs. A latent is shared iff both cosines are {@code >= tau}. Matching separately on encoders and
 * intersecting would let a latent count as shared through two different partners. The encoder PW-MCC is
 * nevertheless reported with its own matching, as Song et al. (2025) define PW-MCC per dictionary.
 */
public final class PairMetrics {

    /** Default shared-fraction threshold. */
    public static final double DEFAULT_TAU = 0.7;
    /** Bins of the matched-cosine histogram on [-1, 1]. */
    public static final int HISTOGRAM_BINS = 40;

    private PairMetrics() {
    }

    /** {@link #compare(SaeDictionaries, SaeDictionaries, double)} at {@link #DEFAULT_TAU}. */
    public static PairStability compare(SaeDictionaries a, SaeDictionaries b) {
        return compare(a, b, DEFAULT_TAU);
    }

    /**
     * Pair stability of SAE {@code a} ({@code [F,D]} dictionaries) and {@code b} ({@code [G,D]}).
     *
     * @param tau shared threshold in {@code (-1, 1]}
     */
    public static PairStability compare(SaeDictionaries a, SaeDictionaries b, double tau) {
        return compare(a, b, tau, true);
    }

    /**
     * Same as {@link #compare(SaeDictionaries, SaeDictionaries, double)} without the encoders' own matching
     * (one assignment instead of two): {@code pwMccEncoder} is NaN; the shared fraction is unchanged, since it
     * reads encoder cosines on the decoder matching. For curves over many snapshot steps.
     */
    public static PairStability compareDecoderMatched(SaeDictionaries a, SaeDictionaries b, double tau) {
        return compare(a, b, tau, false, true);
    }

    /**
     * {@link #compareDecoderMatched} with the decoders matched by the exact assignment ({@code exact}) or by the
     * greedy approximation ({@link Matchers#greedy}, 10-15x cheaper at 4096 latents; its PW-MCC is a lower bound of
     * the exact one). The result's matching says which.
     */
    public static PairStability compareDecoderMatched(SaeDictionaries a, SaeDictionaries b, double tau, boolean exact) {
        return compare(a, b, tau, false, exact);
    }

    private static PairStability compare(SaeDictionaries a, SaeDictionaries b, double tau, boolean encoderMatching) {
        return compare(a, b, tau, encoderMatching, true);
    }

    private static PairStability compare(SaeDictionaries a, SaeDictionaries b, double tau, boolean encoderMatching,
                                         boolean exact) {
        Dictionaries.requireSameDim(a.decoderFD(), b.decoderFD(), "W_dec of A", "W_dec of B");
        Dictionaries.requireValid(a.decoderFD(), "dictionary A");
        Dictionaries.requireValid(b.decoderFD(), "dictionary B");
        return compareUnitRows(unitRows(a), unitRows(b), tau, encoderMatching, exact);
    }

    /** Both dictionaries of {@code s} with unit rows ({@link Dictionaries#normalizeRows}; zero rows stay zero). */
    public static SaeDictionaries unitRows(SaeDictionaries s) {
        return new SaeDictionaries(Dictionaries.normalizeRows(s.decoderFD()), Dictionaries.normalizeRows(s.encoderFD()));
    }

    /**
     * {@link #compareDecoderMatched(SaeDictionaries, SaeDictionaries, double, boolean)} on dictionaries already made
     * {@link #unitRows} (and checked): a caller comparing every pair of S seeds normalises each seed once, not S - 1
     * times; the same numbers.
     */
    public static PairStability compareUnitRowsDecoderMatched(SaeDictionaries aUnit, SaeDictionaries bUnit, double tau,
                                                              boolean exact) {
        Dictionaries.requireSameDim(aUnit.decoderFD(), bUnit.decoderFD(), "W_dec of A", "W_dec of B");
        return compareUnitRows(aUnit, bUnit, tau, false, exact);
    }

    private static PairStability compareUnitRows(SaeDictionaries aUnit, SaeDictionaries bUnit, double tau,
                                                 boolean encoderMatching, boolean exact) {
        if (!(tau > -1 && tau <= 1)) {
            throw new IllegalArgumentException("expected tau in (-1,1], found " + tau);
        }
        Matching dec = exact ? Matchers.exact(aUnit.decoderFD(), bUnit.decoderFD())
                : Matchers.greedy(aUnit.decoderFD(), bUnit.decoderFD());
        double encPwMcc = encoderMatching ? Matchers.exact(aUnit.encoderFD(), bUnit.encoderFD()).mean() : Double.NaN;
        return fromDecoderMatching(dec, encPwMcc, aUnit.encoderFD(), bUnit.encoderFD(), tau);
    }

    /**
     * The pair's figures given its decoder matching (from any matcher) and the encoders' PW-MCC: reads the encoder
     * cosine of every decoder-matched pair and counts the shared latents (both cosines {@code >= tau}).
     *
     * @param encAFD unit-row encoder dictionary of A, {@code [F, D]}
     * @param encBGD unit-row encoder dictionary of B, {@code [G, D]}
     */
    public static PairStability fromDecoderMatching(Matching dec, double encPwMcc, FloatMatrix encAFD, FloatMatrix encBGD,
                                                    double tau) {
        float[] encOnPairs = rowCosines(encAFD, encBGD, dec.rows(), dec.cols());
        int shared = 0;
        double encSum = 0;
        for (int k = 0; k < dec.size(); k++) {
            encSum += encOnPairs[k];
            if (dec.cosines()[k] >= tau && encOnPairs[k] >= tau) {
                shared++;
            }
        }
        int kPairs = dec.size();
        return new PairStability(dec.mean(), encPwMcc, encSum / kPairs, (double) shared / kPairs, tau, dec,
                encOnPairs, Histogram.of(dec.cosines(), HISTOGRAM_BINS, -1, 1));
    }

    /** {@code cos(a_{rows[k]}, b_{cols[k]})} for unit-row dictionaries, {@code [K]}. */
    public static float[] rowCosines(FloatMatrix aFD, FloatMatrix bGD, int[] rows, int[] cols) {
        int d = aFD.cols();
        float[] out = new float[rows.length];
        for (int k = 0; k < rows.length; k++) {
            int ia = rows[k] * d;
            int ib = cols[k] * d;
            double s = 0;
            for (int c = 0; c < d; c++) {
                s += (double) aFD.data()[ia + c] * bGD.data()[ib + c];
            }
            out[k] = (float) s;
        }
        return out;
    }
}
