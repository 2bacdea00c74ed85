package dev.husai.core.stability;

import dev.husai.core.align.Matching;

/**
 * Stability of one pair of SAEs (A with F latents, B with G latents).
 *
 * @param pwMccDecoder    PW-MCC of the decoders: mean matched cosine under the exact matching of the
 *                        decoder cosine matrix, {@code (1/K) sum_k cos(dA_{i_k}, dB_{j_k})}
 * @param pwMccEncoder    PW-MCC of the encoders, with their OWN exact matching
 * @param encoderOnDecoderPairs mean encoder cosine over the decoder-matched pairs
 * @param sharedFraction  fraction of the K decoder-matched pairs with decoder AND encoder cosine {@code >= tau}
 * @param tau             the threshold used for {@code sharedFraction}
 * @param decoderMatching the exact decoder matching (K pairs)
 * @param encoderCosines  encoder cosine of each decoder-matched pair, {@code [K]}, aligned with the matching
 * @param decoderHistogram matched decoder cosines on {@code [-1, 1]}
 */
public record PairStability(double pwMccDecoder, double pwMccEncoder, double encoderOnDecoderPairs,
                            double sharedFraction, double tau, Matching decoderMatching,
                            float[] encoderCosines, Histogram decoderHistogram) {

    public PairStability {
        if (decoderMatching == null || encoderCosines == null || decoderHistogram == null) {
            throw new IllegalArgumentException("expected non-null matching, encoder cosines and histogram, found a null");
        }
        if (encoderCosines.length != decoderMatching.size()) {
            throw new IllegalArgumentException("expected " + decoderMatching.size() + " encoder cosines (one per pair), found "
                    + encoderCosines.length);
        }
        if (!(sharedFraction >= 0 && sharedFraction <= 1)) {
            throw new IllegalArgumentException("expected sharedFraction in [0,1], found " + sharedFraction);
        }
    }

    /**
     * Per-latent shared score for the latents of A ({@code [F]}): {@code min(decoder cos, encoder cos)} of
     * its matched pair; a latent is shared iff its score {@code >= tau}. Unmatched latents get NaN.
     */
    public float[] sharedScoresOfA(int f) {
        float[] out = new float[f];
        java.util.Arrays.fill(out, Float.NaN);
        for (int k = 0; k < decoderMatching.size(); k++) {
            out[decoderMatching.rows()[k]] = Math.min(decoderMatching.cosines()[k], encoderCosines[k]);
        }
        return out;
    }

    /** Same as {@link #sharedScoresOfA} for the latents of B ({@code [G]}), read through the matching. */
    public float[] sharedScoresOfB(int g) {
        float[] out = new float[g];
        java.util.Arrays.fill(out, Float.NaN);
        for (int k = 0; k < decoderMatching.size(); k++) {
            out[decoderMatching.cols()[k]] = Math.min(decoderMatching.cosines()[k], encoderCosines[k]);
        }
        return out;
    }
}
