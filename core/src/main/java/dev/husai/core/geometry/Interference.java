package dev.husai.core.geometry;

import dev.husai.core.align.CosineMatrix;
import dev.husai.core.align.Dictionaries;
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
        Dictionaries.requireValid(dictFD, "dictionary");
        FloatMatrix unit = Dictionaries.normalizeRows(dictFD);
        FloatMatrix gramFF = CosineMatrix.ofNormalized(unit, unit);
        int f = dictFD.rows();
        if (f < 2) {
            throw new IllegalArgumentException("expected at least 2 latents, found " + f);
        }
        long[] counts = new long[bins];
        double sumAbs = 0;
        double sumSq = 0;
        double max = 0;
        float[] g = gramFF.data();
        for (int i = 0; i < f; i++) {
            for (int j = i + 1; j < f; j++) {
                double c = g[i * f + j];
                sumAbs += Math.abs(c);
                sumSq += c * c;
                max = Math.max(max, Math.abs(c));
                counts[Math.min(bins - 1, Math.max(0, (int) Math.floor((c + 1) / 2 * bins)))]++;
            }
        }
        long pairs = (long) f * (f - 1) / 2;
        return new Interference(f, sumAbs / pairs, Math.sqrt(sumSq / pairs), max, new Histogram(-1, 1, counts),
                maxAbsPerRow(g, f));
    }

    /** {@code [F]}: the largest |off-diagonal| entry of each row of the Gram matrix {@code g [F, F]}. */
    private static float[] maxAbsPerRow(float[] g, int f) {
        float[] out = new float[f];
        for (int i = 0; i < f; i++) {
            float best = 0;
            for (int j = 0; j < f; j++) {
                if (j != i) {
                    best = Math.max(best, Math.abs(g[i * f + j]));
                }
            }
            out[i] = best;
        }
        return out;
    }
}
