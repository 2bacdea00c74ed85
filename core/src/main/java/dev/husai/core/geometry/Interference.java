package dev.husai.core.geometry;

import dev.husai.core.align.CosineMatrix;
import dev.husai.core.stability.Histogram;
import dev.husai.core.tensor.FloatMatrix;

/**
 * Within-dictionary interference: the distribution of the off-diagonal cosines
 * {@code cos(d_i, d_j), i != j} of one dictionary {@code [F, D]} (superposition makes these non-zero;
 * for random unit rows in D dims they concentrate around 0 with sd {@code 1/sqrt(D)}).
 *
 * @param latents  F
 * @param meanAbs  {@code mean_{i != j} |cos|}
 * @param rmsCos   {@code sqrt(mean_{i != j} cos^2)}
 * @param maxAbs   {@code max_{i != j} |cos|}
 * @param histogram off-diagonal cosines on {@code [-1, 1]}, each unordered pair counted once
 * @param maxAbsPerLatent {@code [F]}: {@code max_{j != i} |cos(d_i, d_j)|}, how crowded each latent's direction is
 *                  (row i of the Gram matrix)
 */
public record Interference(int latents, double meanAbs, double rmsCos, double maxAbs, Histogram histogram,
                           float[] maxAbsPerLatent) {

    public Interference {
        if (latents < 2) {
            throw new IllegalArgumentException("expected at least 2 latents, found " + latents);
        }
    }

    /** Interference of {@code dictFD} with a {@code bins}-bin histogram. Gram {@code [F, F]} via BLAS. */
    public static Interference of(FloatMatrix dictFD, int bins) {
        return ofGram(CosineMatrix.gram(dictFD), bins);
    }

    /**
     * Interference read from a dictionary's cosine Gram matrix {@code gramFF [F, F]} ({@link CosineMatrix#gram}), one
     * pass over its rows (the statistics from the upper triangle, each row's largest |off-diagonal| entry from the whole row).
     */
    public static Interference ofGram(FloatMatrix gramFF, int bins) {
        int f = gramFF.rows();
        if (f < 2 || gramFF.cols() != f) {
            throw new IllegalArgumentException("expected a square Gram matrix of at least 2 latents, found " + gramFF.shape());
        }
        long[] counts = new long[bins];
        float[] maxAbsPerLatent = new float[f];
        double sumAbs = 0;
        double sumSq = 0;
        double max = 0;
        float[] g = gramFF.data();
        for (int i = 0; i < f; i++) {
            float rowMax = 0;
            for (int j = 0; j < i; j++) {
                rowMax = Math.max(rowMax, Math.abs(g[i * f + j]));
            }
            for (int j = i + 1; j < f; j++) {
                float cf = g[i * f + j];
                float abs = Math.abs(cf);
                double c = cf;
                sumAbs += abs;
                sumSq += c * c;
                max = Math.max(max, abs);
                rowMax = Math.max(rowMax, abs);
                counts[Math.min(bins - 1, Math.max(0, (int) Math.floor((c + 1) / 2 * bins)))]++;
            }
            maxAbsPerLatent[i] = rowMax;
        }
        long pairs = (long) f * (f - 1) / 2;
        return new Interference(f, sumAbs / pairs, Math.sqrt(sumSq / pairs), max, new Histogram(-1, 1, counts),
                maxAbsPerLatent);
    }
}
