package dev.husai.core.sweep;

import dev.husai.core.stability.Summary;

/**
 * A group's final cross-seed stability under one way of measuring (raw dictionaries, or projected on the
 * data subspace), next to its random baseline.
 *
 * @param pwMcc          decoder PW-MCC over the P seed pairs
 * @param shared         shared fraction (decoder and encoder cosine >= tau) over the P pairs
 * @param baselinePwMcc  PW-MCC of random unit dictionaries of the same shapes (mean over pairs)
 * @param baselineShared shared fraction of the same random dictionaries
 * @param initPwMcc      PW-MCC of two untrained SAE initialisations (encoder tied to the decoder)
 * @param initShared     shared fraction of the two initialisations: with tied weights a random match counts as
 *                       shared as soon as its decoder cosine passes tau, so this is the honest chance level of
 *                       the shared fraction when dictionaries are dense in few dimensions
 * @param pairPwMcc      per-pair PW-MCC, {@code [P]} (pooled for confidence intervals across groups)
 * @param pairShared     per-pair shared fraction, {@code [P]}
 */
public record StabilityFigures(Summary pwMcc, Summary shared, double baselinePwMcc, double baselineShared,
                               double initPwMcc, double initShared, double[] pairPwMcc, double[] pairShared) {

    public StabilityFigures {
        if (pairPwMcc.length != pwMcc.n() || pairShared.length != shared.n()) {
            throw new IllegalArgumentException("expected " + pwMcc.n() + " per-pair values, found " + pairPwMcc.length
                    + " and " + pairShared.length);
        }
    }

    /** PW-MCC above the random baseline (mean over pairs). */
    public double excessPwMcc() {
        return pwMcc.mean() - baselinePwMcc;
    }

    /** Shared fraction above the larger of its two chance levels (random unit, untrained init). */
    public double excessShared() {
        return shared.mean() - chanceShared();
    }

    /** The larger of the random and untrained-init shared fractions. */
    public double chanceShared() {
        return Math.max(baselineShared, initShared);
    }
}
