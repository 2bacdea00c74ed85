package dev.husai.core.align;

import dev.husai.core.tensor.FloatMatrix;

/**
 * Validation and row normalisation of dictionaries {@code [F, D]} (one latent direction per row).
 */
public final class Dictionaries {

    private Dictionaries() {
    }

    /**
     * Rejects null, empty or non-finite dictionaries.
     *
     * @param name used in the message, e.g. {@code "decoder A"}
     * @throws IllegalArgumentException naming the first bad element, expected vs found
     */
    public static void requireValid(FloatMatrix dictFD, String name) {
        if (dictFD == null) {
            throw new IllegalArgumentException("expected " + name + " [F,D], found null");
        }
        if (dictFD.rows() == 0 || dictFD.cols() == 0) {
            throw new IllegalArgumentException("expected non-empty " + name + " [F>0,D>0], found " + dictFD.shape());
        }
        float[] data = dictFD.data();
        for (int k = 0; k < data.length; k++) {
            if (!Float.isFinite(data[k])) {
                throw new IllegalArgumentException("expected finite values in " + name + " " + dictFD.shape()
                        + ", found " + data[k] + " at [" + (k / dictFD.cols()) + "," + (k % dictFD.cols()) + "]");
            }
        }
    }

    /** Rejects two dictionaries whose model dimension D differs. */
    public static void requireSameDim(FloatMatrix aFD, FloatMatrix bGD, String nameA, String nameB) {
        if (aFD.cols() != bGD.cols()) {
            throw new IllegalArgumentException("expected " + nameB + " [G," + aFD.cols() + "] (same D as " + nameA
                    + " " + aFD.shape() + "), found " + bGD.shape());
        }
    }

    /**
     * Row-normalised copy: {@code x_i / ||x_i||_2}, computed in double. A zero row (a dead latent that
     * was never updated) stays zero, so its cosine with anything is 0.
     *
     * @return a new {@code [F, D]} matrix; the input is not modified
     */
    public static FloatMatrix normalizeRows(FloatMatrix dictFD) {
        int f = dictFD.rows();
        int d = dictFD.cols();
        float[] in = dictFD.data();
        float[] out = new float[in.length];
        int r = 0;
        // four rows' sums of squares side by side: four independent chains, each in column order (the same bits)
        for (; r + 4 <= f; r += 4) {
            int b0 = r * d;
            double ss0 = 0;
            double ss1 = 0;
            double ss2 = 0;
            double ss3 = 0;
            for (int c = 0; c < d; c++) {
                ss0 += (double) in[b0 + c] * in[b0 + c];
                ss1 += (double) in[b0 + d + c] * in[b0 + d + c];
                ss2 += (double) in[b0 + 2 * d + c] * in[b0 + 2 * d + c];
                ss3 += (double) in[b0 + 3 * d + c] * in[b0 + 3 * d + c];
            }
            scaleRow(in, out, b0, d, ss0);
            scaleRow(in, out, b0 + d, d, ss1);
            scaleRow(in, out, b0 + 2 * d, d, ss2);
            scaleRow(in, out, b0 + 3 * d, d, ss3);
        }
        for (; r < f; r++) {
            int base = r * d;
            double ss = 0;
            for (int c = 0; c < d; c++) {
                ss += (double) in[base + c] * in[base + c];
            }
            scaleRow(in, out, base, d, ss);
        }
        return new FloatMatrix(f, d, out);
    }

    /** {@code out[base ..+ d) = in[base ..+ d) / sqrt(ss)} (zeros for {@code ss = 0}), in double, rounded once. */
    private static void scaleRow(float[] in, float[] out, int base, int d, double ss) {
        double scale = ss > 0 ? 1.0 / Math.sqrt(ss) : 0.0;
        for (int c = 0; c < d; c++) {
            out[base + c] = (float) (in[base + c] * scale);
        }
    }

    /** Rows {@code indices} of {@code dictFD} as a new {@code [indices.length, D]} matrix. */
    public static FloatMatrix selectRows(FloatMatrix dictFD, int[] indices) {
        int d = dictFD.cols();
        float[] out = new float[indices.length * d];
        for (int k = 0; k < indices.length; k++) {
            int r = indices[k];
            if (r < 0 || r >= dictFD.rows()) {
                throw new IndexOutOfBoundsException("expected row in [0," + dictFD.rows() + "), found " + r);
            }
            System.arraycopy(dictFD.data(), r * d, out, k * d, d);
        }
        return new FloatMatrix(indices.length, d, out);
    }
}
