package dev.husai.core.fourier;

import dev.husai.core.tensor.FloatMatrix;
import java.util.ArrayList;
import java.util.List;

/**
 * Ground-truth recovery of an SAE on the testbed. Given each latent's activation over all p^2 inputs
 * ({@code [p^2, F]}, row a*p+b), every latent gets its 2-D Fourier spectrum, dominant frequency k* and
 * purity {@code P[k*] / V} ({@link MlpFourier}). A key frequency k is <em>recovered</em> when at least
 * one live latent has dominant frequency k with purity >= {@code minPurity}.
 *
 * @param perLatent the spectrum summary of every latent (dominant frequency, purity, variance)
 * @param frequencies one row per key frequency
 * @param minPurity the purity a latent needs to count as a Fourier feature
 */
public record LatentRecovery(MlpFourier perLatent, List<Frequency> frequencies, double minPurity) {

    /** Default purity for a latent to count as recovering a frequency. */
    public static final double DEFAULT_MIN_PURITY = 0.5;

    /**
     * Recovery of one key frequency.
     *
     * @param frequency k
     * @param latents number of live latents with dominant frequency k and purity >= minPurity
     * @param bestPurity the highest purity among latents dominated by k (0 if none)
     * @param universalLatents how many of those latents are universal (found at tau by every other seed) (NaN share when unknown)
     */
    public record Frequency(int frequency, int latents, double bestPurity, int universalLatents) {
        public boolean recovered() {
            return latents > 0;
        }
    }

    /**
     * @param latentActsNF latent activations over all inputs {@code [p^2, F]}
     * @param keyFrequencies the testbed's key frequencies
     * @param universal per latent, whether it is universal (e.g. a partner >= tau in every other
     *     seed); null when unknown
     */
    public static LatentRecovery analyse(FourierBasis basis, FloatMatrix latentActsNF, int[] keyFrequencies,
                                         double minPurity, boolean[] universal) {
        if (universal != null && universal.length != latentActsNF.cols()) {
            throw new IllegalArgumentException("expected a universal flag per latent (" + latentActsNF.cols()
                    + "), found " + universal.length);
        }
        MlpFourier spectra = MlpFourier.of(basis, latentActsNF);
        List<Frequency> rows = new ArrayList<>();
        for (int k : keyFrequencies) {
            int count = 0;
            int universalCount = 0;
            double best = 0;
            for (int f = 0; f < latentActsNF.cols(); f++) {
                if (spectra.dominantFrequency()[f] != k) {
                    continue;
                }
                best = Math.max(best, spectra.purity()[f]);
                if (spectra.purity()[f] >= minPurity) {
                    count++;
                    universalCount += universal != null && universal[f] ? 1 : 0;
                }
            }
            rows.add(new Frequency(k, count, best, universalCount));
        }
        return new LatentRecovery(spectra, List.copyOf(rows), minPurity);
    }

    /** The latents whose dominant frequency is {@code k} with purity >= the minimum: the family of {@code k}. */
    public int[] family(int k) {
        return java.util.stream.IntStream.range(0, perLatent.dominantFrequency().length)
                .filter(f -> perLatent.dominantFrequency()[f] == k && perLatent.purity()[f] >= minPurity).toArray();
    }

    /** Share of key frequencies recovered. */
    public double recoveredShare() {
        return frequencies.isEmpty() ? 0
                : frequencies.stream().filter(Frequency::recovered).count() / (double) frequencies.size();
    }

    /** Number of live latents (non-zero variance over the inputs). */
    public int liveLatents() {
        int live = 0;
        for (double v : perLatent.variance()) {
            live += v > 1e-12 ? 1 : 0;
        }
        return live;
    }
}
