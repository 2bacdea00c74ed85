package dev.husai.trainer.sae;

import dev.ludovic.netlib.blas.BLAS;

/**
 * ReLU-L1's loss and gradients for one seed's whole batch as dense products on native BLAS: its codes are dense
 * (about half of the latents fire early in training), so {@link SparseStep}'s per-latent loops would walk
 * {@code N x L0 x D} in Java. The same formulas as {@link SparseStep} (its javadoc), with {@code Z = ReLU(pre) [N, F]},
 * {@code Wd = W_dec [F, D]} and {@code Xc = X - b_dec [N, D]}:
 * <pre>
 * E = Z Wd + b_dec - X   [N, D]        L = sum E^2 (+ l1 terms)      G = 2E/N
 * dPre = 1[Z > 0] * (G Wd^T + (lambda/N) ||W_dec[f]||)   [N, F]
 * dW_dec += Z^T G   [F, D]      dW_enc (rows f) += dPre^T Xc   [F, D]      db_enc += sum_n dPre      db_dec += sum_n G
 * </pre>
 * Four sgemm of 2 N D F flops each. Sums run in a fixed order and BLAS splits no inner product across threads, so a
 * run is reproducible bit for bit; it rounds differently from the sparse path (a different order of the same sums).
 */
final class DenseStep {
    private final BLAS blas = BLAS.getInstance();
    private float[] wdFD = new float[0];
    private float[] eND = new float[0];
    private float[] xcND = new float[0];
    private float[] dPreNF = new float[0];
    private float[] outFD = new float[0];

    /**
     * Adds one seed's batch loss sums and gradients to {@code g}: rows {@code xND[xAt..]} ({@code [N, D]}) and their
     * pre-activations {@code preNF[preAt..]} ({@code [N, F]}, overwritten by {@code ReLU(pre)}); {@code normsF}: the
     * decoder row norms.
     */
    void run(SeedState s, float[] xND, int xAt, float[] preNF, int preAt, int n, double l1, float[] normsF, Gradients g) {
        int d = s.d;
        int f = s.f;
        wdFD = sized(wdFD, f * d);
        eND = sized(eND, n * d);
        xcND = sized(xcND, n * d);
        dPreNF = sized(dPreNF, n * f);
        outFD = sized(outFD, f * d);
        for (int j = 0; j < f; j++) {
            System.arraycopy(s.wDec[j], 0, wdFD, j * d, d);
        }
        for (int i = preAt; i < preAt + n * f; i++) {
            preNF[i] = Math.max(preNF[i], 0f);
        }
        mm("N", "N", n, d, f, preNF, preAt, f, wdFD, 0, d, eND, 0, d);
        g.lossSum += residual(s, xND, xAt, n, 2f / n, g);
        mm("N", "T", n, f, d, eND, 0, d, wdFD, 0, d, dPreNF, 0, f);
        gate(preNF, preAt, n, f, (float) (l1 / n), normsF, g);
        mm("T", "N", f, d, n, preNF, preAt, f, eND, 0, d, outFD, 0, d);
        addRows(outFD, g.dWdec, g.touched, d);
        mm("T", "N", f, d, n, dPreNF, 0, f, xcND, 0, d, outFD, 0, d);
        addRows(outFD, g.dWenc, g.touched, d);
    }

    /** {@code E <- E + b_dec - x}, {@code Xc = x - b_dec}; returns {@code sum E^2}; leaves {@code G = scale E} in E. */
    private double residual(SeedState s, float[] xND, int xAt, int n, float scale, Gradients g) {
        int d = s.d;
        double loss = 0;
        for (int r = 0; r < n; r++) {
            int at = r * d;
            for (int c = 0; c < d; c++) {
                float x = xND[xAt + at + c];
                float e = eND[at + c] + s.bDecD[c] - x;
                loss += e * e;
                float gr = scale * e;
                eND[at + c] = gr;
                g.dBdecD[c] += gr;
                xcND[at + c] = x - s.bDecD[c];
            }
        }
        return loss;
    }

    /**
     * {@code dPre = 1[z > 0] (dZ + l1Scale ||W_dec[f]||)}, with the L1 sums and {@code db_enc}; marks fired latents and
     * counts the codes ({@link Gradients#nnz}, {@link Gradients#minCode}: the step keeps no {@link Codes}).
     */
    private void gate(float[] zNF, int zAt, int n, int f, float l1Scale, float[] normsF, Gradients g) {
        for (int r = 0; r < n; r++) {
            int at = r * f;
            for (int j = 0; j < f; j++) {
                float z = zNF[zAt + at + j];
                float dz = 0f;
                if (z > 0f) {
                    g.nnz++;
                    g.minCode = Float.isNaN(g.minCode) ? z : Math.min(g.minCode, z);
                    dz = dPreNF[at + j] + (normsF == null ? 0f : l1Scale * normsF[j]);
                    g.dBencF[j] += dz;
                    g.touched[j] = true;
                    if (normsF != null) {
                        g.codeSumF[j] += z;
                        g.l1Sum += z * normsF[j];
                    }
                }
                dPreNF[at + j] = dz;
            }
        }
    }

    /** Adds the rows of latents that fired (the others' rows are zero; {@link Gradients#clear} skips them). */
    private static void addRows(float[] srcFD, float[][] dst, boolean[] touched, int d) {
        for (int j = 0; j < dst.length; j++) {
            if (!touched[j]) {
                continue;
            }
            float[] row = dst[j];
            for (int c = 0; c < d; c++) {
                row[c] += srcFD[j * d + c];
            }
        }
    }

    /**
     * Row-major {@code C [m, n] = op(A) op(B)} ({@code op} per "N"/"T"; {@code lda, ldb, ldc} row strides) through
     * column-major sgemm: {@code C^T = op(B)^T op(A)^T}.
     */
    private void mm(String ta, String tb, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                    float[] c, int cOff, int ldc) {
        blas.sgemm(tb, ta, n, m, k, 1f, b, bOff, ldb, a, aOff, lda, 0f, c, cOff, ldc);
    }

    private static float[] sized(float[] buf, int len) {
        return buf.length == len ? buf : new float[len];
    }
}
