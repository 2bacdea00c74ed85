package dev.husai.core.align;

import dev.husai.core.tensor.FloatMatrix;
import dev.ludovic.netlib.blas.BLAS;

/**
 * Cosine matrix of two dictionaries at BLAS speed.
 *
 * <p>{@code C[i,j] = <a_i, b_j> / (||a_i|| ||b_j||)}, {@code A [F,D], B [G,D] -> C [F,G]}, computed as one
 * {@code sgemm} on the row-normalised dictionaries: {@code C = A_hat B_hat^T}.
 *
 * <p>BLAS is {@code dev.ludovic.netlib.blas.BLAS.getInstance()}: the native system BLAS via JNI when
 * {@code libblas.so.3} loads, else a pure-Java fallback (about 20-40x slower). On Debian 12 the system
 * OpenBLAS 0.3.21 does not recognise recent Xeons and falls back to its "Prescott" kernels (about 6x
 * slower); set the environment variable {@code OPENBLAS_CORETYPE=SkylakeX} (AVX-512) or {@code Haswell}
 * (AVX2) before the JVM starts. {@link #backend()} names the implementation in use.
 */
public final class CosineMatrix {

    private CosineMatrix() {
    }

    /**
     * Cosines between every row of {@code aFD} and every row of {@code bGD}.
     *
     * @param aFD dictionary {@code [F, D]}, any row norms (normalised here)
     * @param bGD dictionary {@code [G, D]}, same D
     * @return {@code [F, G]}
     */
    public static FloatMatrix of(FloatMatrix aFD, FloatMatrix bGD) {
        Dictionaries.requireValid(aFD, "dictionary A");
        Dictionaries.requireValid(bGD, "dictionary B");
        Dictionaries.requireSameDim(aFD, bGD, "dictionary A", "dictionary B");
        return ofNormalized(Dictionaries.normalizeRows(aFD), Dictionaries.normalizeRows(bGD));
    }

    /**
     * The cosine Gram matrix of one dictionary, {@code G[i,j] = cos(d_i, d_j)} ({@code [F, F]}, one sgemm on the
     * row-normalised rows): computed once and shared by the within-dictionary figures that read it.
     *
     * @param dictFD dictionary {@code [F, D]}, finite, no zero row
     */
    public static FloatMatrix gram(FloatMatrix dictFD) {
        Dictionaries.requireValid(dictFD, "dictionary");
        FloatMatrix unit = Dictionaries.normalizeRows(dictFD);
        return ofNormalized(unit, unit);
    }

    /**
     * {@code C = A B^T} for already row-normalised inputs (no checks beyond D; no copies).
     *
     * @param aFD unit rows {@code [F, D]}
     * @param bGD unit rows {@code [G, D]}
     * @return {@code [F, G]}
     */
    public static FloatMatrix ofNormalized(FloatMatrix aFD, FloatMatrix bGD) {
        Dictionaries.requireSameDim(aFD, bGD, "dictionary A", "dictionary B");
        return product(aFD, bGD);
    }

    /**
     * Plain {@code A B^T} for row-major {@code A [F,D]}, {@code B [G,D]} (no normalisation).
     * Row-major C [F,G] is column-major C^T [G,F] = B A^T, i.e. sgemm("T","N") on the column-major
     * views {@code B^T [D,G]} and {@code A^T [D,F]}.
     */
    public static FloatMatrix product(FloatMatrix aFD, FloatMatrix bGD) {
        int f = aFD.rows();
        int g = bGD.rows();
        int d = aFD.cols();
        float[] outFG = new float[Math.multiplyExact(f, g)];
        if (f > 0 && g > 0 && d > 0) {
            BLAS.getInstance().sgemm("T", "N", g, f, d, 1f, bGD.data(), d, aFD.data(), d, 0f, outFG, g);
        }
        return new FloatMatrix(f, g, outFG);
    }

    /**
     * Rows {@code [r0, r1)} of {@code A B^T} into {@code outFG[r0 * G ..]} (row-major {@code [F, G]}), one sgemm on
     * that block of A's rows, as {@link #product} does for all of them.
     */
    public static void productRows(FloatMatrix aFD, FloatMatrix bGD, int r0, int r1, float[] outFG) {
        int g = bGD.rows();
        int d = aFD.cols();
        if (r1 > r0 && g > 0 && d > 0) {
            BLAS.getInstance().sgemm("T", "N", g, r1 - r0, d, 1f, bGD.data(), 0, d, aFD.data(), r0 * d, d, 0f, outFG,
                    r0 * g, g);
        }
    }

    /** The BLAS implementation in use, e.g. {@code JNIBLAS} (native) or {@code Java11BLAS} (fallback). */
    public static String backend() {
        return BLAS.getInstance().getClass().getSimpleName();
    }

    /** True when BLAS calls go to a native library. */
    public static boolean isNative() {
        return backend().startsWith("JNI");
    }
}
