package dev.husai.core.stability;

/**
 * Change of one seed's decoder between two of its own snapshots (F latents each; with different widths
 * the same-index numbers use the first {@code min(F_prev, F_cur)} latents).
 *
 * @param fromStep          step of the previous snapshot
 * @param toStep            step of the current snapshot
 * @param matchedPwMcc      PW-MCC between the two decoders under the exact matching (permutation-free)
 * @param sameIndexMeanCos  mean of {@code cos(d_i(prev), d_i(cur))} for the same index i (no matching)
 * @param identityFraction  fraction of latents the exact matching maps to themselves
 * @param encoderSameIndexMeanCos the same-index mean cosine for the encoder rows
 */
public record Drift(long fromStep, long toStep, double matchedPwMcc, double sameIndexMeanCos,
                    double identityFraction, double encoderSameIndexMeanCos) {

    public Drift {
        if (toStep <= fromStep) {
            throw new IllegalArgumentException("expected toStep > fromStep, found " + fromStep + " -> " + toStep);
        }
    }
}
