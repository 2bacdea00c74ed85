package dev.husai.trainer.sae;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The one dense product of an SAE step, for A seeds at once:
 * {@code pre[a] [N, F] = X[a] [N, D] W_enc[a] [D, F] + bias[a] [F]} into a row-major Java buffer.
 * Two implementations: native BLAS sgemm ({@link BlasKernel}, system OpenBLAS through netlib's JNI binding,
 * the fastest here) and PyTorch's batched matmul through DJL ({@link TorchKernel}). {@link #create()} picks
 * one by a fixed rule, so a run is reproducible: system property {@code husai.sae.kernel=blas|torch}, else
 * BLAS when it is native and {@code OPENBLAS_CORETYPE} is set (Debian's OpenBLAS 0.3.21 otherwise runs its
 * slow generic kernels on recent Xeons; {@code bin/husai} sets it), else PyTorch.
 */
interface DenseKernel extends AutoCloseable {

    /**
     * @param xAND   stacked rows {@code [A, N, D]}
     * @param wEncFD each seed's transposed encoder, row-major {@code [F, D]} (latent f's encoder vector is row f), read
     *               where it lives ({@link SeedState#wEncFD}): no stacked copy for the BLAS kernel
     * @param biasAF folded encoder biases {@code [A, F]}
     * @param preANF output {@code [A, N, F]}
     */
    void preActivations(float[] xAND, float[][] wEncFD, float[] biasAF, int a, int n, int d, int f, float[] preANF);

    /** Short name for metadata and benchmarks ({@code blas:JNIBLAS}, {@code torch}). */
    String name();

    @Override
    default void close() {
    }

    static DenseKernel create() {
        String forced = System.getProperty("husai.sae.kernel", "");
        boolean nativeBlas = !BLAS.getInstance().getClass().getSimpleName().startsWith("Java");
        if (forced.equals("blas") || forced.isEmpty() && nativeBlas && System.getenv("OPENBLAS_CORETYPE") != null) {
            return new BlasKernel();
        }
        if (!forced.isEmpty() && !forced.equals("torch")) {
            throw new IllegalArgumentException("expected husai.sae.kernel blas or torch, found " + forced);
        }
        return new TorchKernel();
    }

    /** Native sgemm per seed (OpenBLAS threads inside each call). */
    final class BlasKernel implements DenseKernel {
        private final BLAS blas = BLAS.getInstance();

        @Override
        public void preActivations(float[] xAND, float[][] wEncFD, float[] biasAF, int a, int n, int d, int f, float[] preANF) {
            for (int s = 0; s < a; s++) {
                preActivationRows(xAND, s * n * d, wEncFD[s], 0, biasAF, s * f, n, d, f, preANF, s * n * f);
            }
        }

        /**
         * {@code out[rows, F] = X[rows, D] W_enc [D, F] + bias [F]} for one seed's run of rows, at the given offsets.
         * Each output element is one sgemm dot product over D whatever the run's length, so a seed's rows computed in
         * blocks are the same bits as in one call.
         */
        void preActivationRows(float[] x, int xOff, float[] wFD, int wOff, float[] bias, int biasOff, int rows, int d,
                               int f, float[] out, int outOff) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(bias, biasOff, out, outOff + r * f, f);
            }
            // row-major pre [N,F] is column-major pre^T [F,N] = W [F,D] X^T: sgemm("T","N") on column-major views
            blas.sgemm("T", "N", f, rows, d, 1f, wFD, wOff, d, x, xOff, d, 1f, out, outOff, f);
        }

        @Override
        public String name() {
            return "blas:" + blas.getClass().getSimpleName();
        }
    }
}
