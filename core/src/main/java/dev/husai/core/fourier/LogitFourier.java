package dev.husai.core.fourier;

import java.util.Arrays;

/**
 * Restricted and excluded loss (Nanda et al. 2023, section 5.2). Logits {@code L [p*p, p]} (row a*p+b,
 * column c) are projected on the directions {@code cos(w_k (a + b - c))} and {@code sin(w_k (a + b - c))},
 * {@code w_k = 2 pi k / p}, for the key frequencies k (each direction has squared norm p^3 / 2).
 * <ul>
 * <li>restricted logits keep only those components: if the model computes with the key frequencies,
 * the loss barely changes;</li>
 * <li>excluded logits remove them: the loss on the training pairs should rise towards chance.</li>
 * </ul>
 */
public final class LogitFourier {
    private LogitFourier() {
    }

    /** Losses of original, restricted and excluded logits over the given pair indices. */
    public record Losses(double original, double restricted, double excluded) {
    }

    /**
     * @param p modulus
     * @param logitsNP logits {@code [p*p * p]} row-major (row a*p+b)
     * @param keyFrequencies the key frequencies
     * @param pairs pair indices over which the mean loss is taken
     */
    public static Losses losses(int p, float[] logitsNP, int[] keyFrequencies, int[] pairs) {
        if (logitsNP.length != p * p * p) {
            throw new IllegalArgumentException("expected logits [" + (p * p) + "," + p + "], found "
                    + logitsNP.length + " values");
        }
        double[] keyPart = keyComponent(p, logitsNP, keyFrequencies);
        double[] excluded = new double[keyPart.length];
        double[] original = new double[keyPart.length];
        for (int i = 0; i < keyPart.length; i++) {
            original[i] = logitsNP[i];
            excluded[i] = logitsNP[i] - keyPart[i];
        }
        return new Losses(meanLoss(p, original, pairs), meanLoss(p, keyPart, pairs), meanLoss(p, excluded, pairs));
    }

    /** The part of the logits in the span of the key-frequency directions. */
    static double[] keyComponent(int p, float[] logits, int[] keys) {
        double[] out = new double[logits.length];
        double[] cos = new double[p];
        double[] sin = new double[p];
        for (int k : keys) {
            for (int t = 0; t < p; t++) {
                cos[t] = Math.cos(2 * Math.PI * k * t / p);
                sin[t] = Math.sin(2 * Math.PI * k * t / p);
            }
            double cc = 0;
            double sc = 0;
            for (int ab = 0; ab < p * p; ab++) {
                int s = ab / p + ab % p;
                for (int c = 0; c < p; c++) {
                    int t = Math.floorMod(s - c, p);
                    cc += logits[ab * p + c] * cos[t];
                    sc += logits[ab * p + c] * sin[t];
                }
            }
            double norm = p * (double) p * p / 2;
            for (int ab = 0; ab < p * p; ab++) {
                int s = ab / p + ab % p;
                for (int c = 0; c < p; c++) {
                    int t = Math.floorMod(s - c, p);
                    out[ab * p + c] += (cc * cos[t] + sc * sin[t]) / norm;
                }
            }
        }
        return out;
    }

    /** Mean cross-entropy {@code -log softmax(L[ab, :])[(a+b) mod p]} over the pairs, in double. */
    public static double meanLoss(int p, double[] logits, int[] pairs) {
        double sum = 0;
        for (int ab : pairs) {
            int label = (ab / p + ab % p) % p;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < p; c++) {
                max = Math.max(max, logits[ab * p + c]);
            }
            double z = 0;
            for (int c = 0; c < p; c++) {
                z += Math.exp(logits[ab * p + c] - max);
            }
            sum += Math.log(z) + max - logits[ab * p + label];
        }
        return pairs.length == 0 ? Double.NaN : sum / pairs.length;
    }

    /** All pair indices 0..p^2-1. */
    public static int[] allPairs(int p) {
        int[] all = new int[p * p];
        Arrays.setAll(all, i -> i);
        return all;
    }
}
