package dev.husai.stream.analysis;

import dev.husai.core.config.HookPoint;
import dev.husai.core.fourier.GroundTruth;
import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.tensor.FloatMatrix;
import java.util.Map;

/**
 * A hand-made testbed and SAE for Fourier recovery: p = 13, key frequencies {2, 5, 6}; the activation of input
 * (a, b) is {@code x = [cos 2w, sin 2w, cos 5w, sin 5w, 0, 0]} with {@code w = 2 pi (a+b) / p} (D = 6), so a latent reading
 * one coordinate (bias 1.5: the ReLU never cuts) is a pure Fourier feature of that frequency (purity 1).
 */
final class FourierFixture {
    static final int P = 13;
    static final int[] KEYS = {2, 5, 6};
    static final int D = 6;

    private FourierFixture() {
    }

    static GroundTruth truth() {
        float[] x = new float[P * P * D];
        for (int a = 0; a < P; a++) {
            for (int b = 0; b < P; b++) {
                double w = 2 * Math.PI * (a + b) / P;
                int r = (a * P + b) * D;
                x[r] = (float) Math.cos(2 * w);
                x[r + 1] = (float) Math.sin(2 * w);
                x[r + 2] = (float) Math.cos(5 * w);
                x[r + 3] = (float) Math.sin(5 * w);
            }
        }
        return new GroundTruth(P, Map.of(HookPoint.RESID_POST, new FloatMatrix(P * P, D, x)), KEYS);
    }

    /**
     * Six latents, decoder rows (encoder = transpose), relu_l1: 0..3 = e0..e3 (pure k=2, 2, 5, 5), 4 = 0.6 e0 + 0.8 e2
     * (dominant 5, purity 0.64), 5 = e5 (bias -10: dead). With {@code odd}, latent 1 is instead e4 (dead, orthogonal
     * to everything of the other seeds): this seed lacks the k=2 latent e1, so the others' e1 is not universal. {@code shift} rotates the latent order (another seed's permutation).
     */
    static SaeWeights sae(boolean odd, int shift) {
        float[][] rows = {
            {1, 0, 0, 0, 0, 0}, odd ? new float[] {0, 0, 0, 0, 1, 0} : new float[] {0, 1, 0, 0, 0, 0}, {0, 0, 1, 0, 0, 0},
            {0, 0, 0, 1, 0, 0}, {0.6f, 0, 0.8f, 0, 0, 0}, {0, 0, 0, 0, 0, 1}};
        float[] bias = {1.5f, odd ? -10f : 1.5f, 1.5f, 1.5f, 1.5f, -10f};
        int f = rows.length;
        float[] dec = new float[f * D];
        float[] bEnc = new float[f];
        for (int i = 0; i < f; i++) {
            int to = (i + shift) % f;
            System.arraycopy(rows[i], 0, dec, to * D, D);
            bEnc[to] = bias[i];
        }
        FloatMatrix decFD = new FloatMatrix(f, D, dec);
        return new SaeWeights(decFD.transpose(), decFD, bEnc, new float[D], null);
    }
}
