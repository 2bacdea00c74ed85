package dev.husai.core.fourier;

import dev.husai.core.tensor.FloatMatrix;

/**
 * The real orthonormal Fourier basis of functions on Z_p (Nanda et al. 2023, section 4): row 0 is the
 * constant {@code 1/sqrt(p)}; for frequency k = 1..K (K = floor((p-1)/2)) row {@code 2k-1} is
 * {@code cos(2 pi k x / p)} and row {@code 2k} is {@code sin(2 pi k x / p)}, each scaled to unit norm;
 * for even p the last row is the Nyquist term {@code cos(pi x)}. Shape {@code [p, p]}: basis index x position.
 */
public final class FourierBasis {
    private final int p;
    private final FloatMatrix basisPP;

    public FourierBasis(int p) {
        if (p < 3) {
            throw new IllegalArgumentException("expected modulus p >= 3, found p = " + p);
        }
        this.p = p;
        this.basisPP = build(p);
    }

    private static FloatMatrix build(int p) {
        FloatMatrix b = FloatMatrix.zeros(p, p);
        for (int j = 0; j < p; j++) {
            int k = frequencyOf(j);
            boolean sine = j > 0 && j % 2 == 0 && 2 * k != p;
            double norm = 0;
            double[] row = new double[p];
            for (int x = 0; x < p; x++) {
                double angle = 2 * Math.PI * k * x / p;
                row[x] = j == 0 ? 1 : sine ? Math.sin(angle) : Math.cos(angle);
                norm += row[x] * row[x];
            }
            for (int x = 0; x < p; x++) {
                b.set(j, x, (float) (row[x] / Math.sqrt(norm)));
            }
        }
        return b;
    }

    /** The frequency k of basis row {@code j}: 0 for the constant, {@code (j + 1) / 2} otherwise. */
    public static int frequencyOf(int j) {
        return (j + 1) / 2;
    }

    /** Number of non-constant frequencies: floor(p / 2) (K, plus the Nyquist term when p is even). */
    public int frequencies() {
        return p / 2;
    }

    public int p() {
        return p;
    }

    /** The basis {@code [p, p]} (rows are basis vectors). */
    public FloatMatrix matrix() {
        return basisPP;
    }
}
