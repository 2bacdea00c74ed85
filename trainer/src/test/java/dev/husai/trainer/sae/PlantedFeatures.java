package dev.husai.trainer.sae;

import dev.husai.core.align.CosineMatrix;
import dev.husai.core.align.LinearAssignment;
import dev.husai.core.stability.PairMetrics;
import dev.husai.core.stability.Recovery;
import dev.husai.core.tensor.FloatMatrix;
import java.util.Random;

/**
 * Tiny synthetic data with planted sparse features: G random unit directions in D dims; each row switches
 * each feature on with probability {@code expectedActive / G} at a magnitude in [1, 2], plus a fixed offset (kept apart
 * from {@code dev.husai.core.synth}: Bernoulli firing and an offset exercise b_dec, which the synthetic domains do not).
 */
record PlantedFeatures(FloatMatrix featuresGD, FloatMatrix dataND) {

    static PlantedFeatures generate(int d, int g, int n, double expectedActive, long seed) {
        Random rng = new Random(seed);
        float[] feat = new float[g * d];
        for (int j = 0; j < g; j++) {
            double norm = 0;
            for (int c = 0; c < d; c++) {
                feat[j * d + c] = (float) rng.nextGaussian();
                norm += feat[j * d + c] * feat[j * d + c];
            }
            for (int c = 0; c < d; c++) {
                feat[j * d + c] /= (float) Math.sqrt(norm);
            }
        }
        float[] offset = new float[d];
        for (int c = 0; c < d; c++) {
            offset[c] = (float) (0.3 * rng.nextGaussian());
        }
        float[] x = new float[n * d];
        double p = expectedActive / g;
        for (int r = 0; r < n; r++) {
            System.arraycopy(offset, 0, x, r * d, d);
            for (int j = 0; j < g; j++) {
                if (rng.nextDouble() < p) {
                    float a = 1 + rng.nextFloat();
                    for (int c = 0; c < d; c++) {
                        x[r * d + c] += a * feat[j * d + c];
                    }
                }
            }
        }
        return new PlantedFeatures(new FloatMatrix(g, d, feat), new FloatMatrix(n, d, x));
    }

    /** MCC vs truth ({@link Recovery}): mean matched cosine of the planted features to the decoder rows. */
    double recovery(FloatMatrix decoderFD) {
        return Recovery.of(decoderFD, featuresGD, PairMetrics.DEFAULT_TAU).mccVsTruth();
    }

    /** Smallest matched cosine. */
    double worstRecovery(FloatMatrix decoderFD) {
        float[] c = LinearAssignment.maximize(CosineMatrix.of(featuresGD, decoderFD)).cosines();
        float min = 1;
        for (float v : c) {
            min = Math.min(min, v);
        }
        return min;
    }
}
