package dev.husai.core.sweep;

/**
 * Stability of feature families: for each key frequency, the latents tuned to it (purity >= 0.5) in each seed,
 * and how well two seeds' families span the same 2-D subspace
 * ({@link dev.husai.core.geometry.SubspaceOverlap}, k = 2).
 *
 * @param overlap     mean overlap over seed pairs and the key frequencies both seeds recover with >= 2 latents;
 *                    NaN when no pair qualifies
 * @param baseline    the overlap of random 2-D subspaces, {@code 2 / D}
 * @param latents     mean number of family latents per seed (summed over key frequencies)
 * @param pairOverlap per seed pair, the mean over qualifying frequencies, {@code [P]} (NaN where none)
 */
public record FamilyFigures(double overlap, double baseline, double latents, double[] pairOverlap) {

    /** Overlap above chance. */
    public double excess() {
        return overlap - baseline;
    }
}
