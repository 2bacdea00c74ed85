package dev.husai.core.snapshot;

import dev.husai.core.tensor.FloatMatrix;

/**
 * One SAE's parameters with SAELens names and shapes (D = d_in, F = d_sae):
 * {@code W_enc [D, F]}, {@code W_dec [F, D]}, {@code b_enc [F]}, {@code b_dec [D]}, and for
 * BatchTopK/JumpReLU an inference {@code threshold [F]} (null otherwise). Shapes are validated together.
 */
public record SaeWeights(FloatMatrix wEncDF, FloatMatrix wDecFD, float[] bEncF, float[] bDecD, float[] thresholdF) {

    public SaeWeights {
        int f = wDecFD.rows();
        int d = wDecFD.cols();
        if (wEncDF.rows() != d || wEncDF.cols() != f) {
            throw new IllegalArgumentException("expected W_enc [" + d + "," + f + "] to match W_dec " + wDecFD.shape()
                    + ", found " + wEncDF.shape());
        }
        requireLength("b_enc", bEncF, f);
        requireLength("b_dec", bDecD, d);
        if (thresholdF != null) {
            requireLength("threshold", thresholdF, f);
        }
    }

    private static void requireLength(String name, float[] v, int n) {
        if (v == null || v.length != n) {
            throw new IllegalArgumentException("expected " + name + " [" + n + "], found "
                    + (v == null ? "none" : "[" + v.length + "]"));
        }
    }

    /** d_in. */
    public int dIn() {
        return wDecFD.cols();
    }

    /** d_sae (number of latents). */
    public int dSae() {
        return wDecFD.rows();
    }

    /**
     * The first non-finite value, as {@code "W_dec[3]"}, or null when every parameter is finite.
     */
    public String firstNonFinite() {
        String[] names = {"W_enc", "W_dec", "b_enc", "b_dec", "threshold"};
        float[][] arrays = {wEncDF.data(), wDecFD.data(), bEncF, bDecD, thresholdF};
        for (int a = 0; a < arrays.length; a++) {
            if (arrays[a] == null) {
                continue;
            }
            for (int i = 0; i < arrays[a].length; i++) {
                if (!Float.isFinite(arrays[a][i])) {
                    return names[a] + "[" + i + "] = " + arrays[a][i];
                }
            }
        }
        return null;
    }
}
