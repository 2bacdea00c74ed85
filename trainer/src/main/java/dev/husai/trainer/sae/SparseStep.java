package dev.husai.trainer.sae;

/**
 * Loss and hand-written gradients of one seed on a chunk of rows, touching only the active latents.
 * For row x with codes z (K active latents) and {@code xhat = b_dec + sum_f z_f W_dec[f]}, {@code e = xhat - x}:
 * <pre>
 * L     = (1/N) sum_n ||e_n||^2                                   (reconstruction, summed over D)
 *       + (lambda/N) sum_n sum_f z_nf ||W_dec[f]||                  (ReLU-L1 only, decoder-norm-weighted L1)
 *       + (alpha/N) sum_n ||ehat_n - (x_n - xhat_n)||^2              (AuxK: ehat from the top-k_aux dead latents,
 *                                                                      residual detached; Gao et al. 2024)
 * dL/dxhat = 2e/N;  dW_dec[f] += z_f dL/dxhat;  dz_f = dL/dxhat . W_dec[f] (+ lambda ||W_dec[f]|| / N)
 * dpre_f = dz_f (z_f > 0 is the ReLU/top-k gate);  dW_enc[f] += dpre_f (x - b_dec);  db_enc[f] += dpre_f
 * db_dec = sum_n dL/dxhat - sum_f db_enc[f] W_enc[f]   (b_dec enters the decoder and, subtracted, the encoder)
 * </pre>
 * The last term and the L1 decoder-norm gradient are applied once per step in {@link #finish}.
 */
final class SparseStep {
    private SparseStep() {
    }

    /** Accumulates loss and gradients of rows {@code [r0, r1)} of a batch of {@code n} rows into {@code g}. */
    static void run(SeedState s, float[] xND, int xAt, Codes codes, Codes aux, int r0, int r1, int n,
                    double l1, double auxAlpha, Gradients g) {
        int d = s.d;
        float[] xhat = new float[d];
        float[] xc = new float[d];
        float[] grad = new float[d];
        float gScale = 2f / n;
        float l1Scale = (float) (l1 / n);
        float auxScale = (float) (2 * auxAlpha / n);
        for (int r = r0; r < r1; r++) {
            int xo = xAt + r * d;
            System.arraycopy(s.bDecD, 0, xhat, 0, d);
            for (int i = codes.rowPtr()[r]; i < codes.rowPtr()[r + 1]; i++) {
                axpy(codes.val()[i], s.wDecFD, codes.col()[i] * d, xhat, 0, d);
            }
            double rowLoss = 0;
            for (int c = 0; c < d; c++) {
                float e = xhat[c] - xND[xo + c];
                xhat[c] = e;
                rowLoss += e * e;
                grad[c] = gScale * e;
                g.dBdecD[c] += grad[c];
                xc[c] = xND[xo + c] - s.bDecD[c];
            }
            g.lossSum += rowLoss;
            for (int i = codes.rowPtr()[r]; i < codes.rowPtr()[r + 1]; i++) {
                int fo = codes.col()[i] * d;
                float z = codes.val()[i];
                axpy(z, grad, 0, g.dWdecFD, fo, d);
                float dz = dot(grad, 0, s.wDecFD, fo, d);
                if (l1 > 0) {
                    float norm = (float) Math.sqrt(dot(s.wDecFD, fo, s.wDecFD, fo, d));
                    dz += l1Scale * norm;
                    g.codeSumF[codes.col()[i]] += z;
                    g.l1Sum += z * norm;
                }
                g.dBencF[codes.col()[i]] += dz;
                axpy(dz, xc, 0, g.dWencFD, fo, d);
            }
            if (aux != null && aux.rowPtr()[r] < aux.rowPtr()[r + 1]) {
                g.auxLossSum += auxRow(s, aux, r, xhat, xc, auxScale, g);
            }
        }
    }

    /** AuxK for one row: {@code eRow} holds {@code xhat - x}; returns {@code ||ehat + eRow||^2}. */
    private static double auxRow(SeedState s, Codes aux, int r, float[] eRow, float[] xc, float auxScale, Gradients g) {
        int d = s.d;
        float[] diff = eRow.clone();
        for (int i = aux.rowPtr()[r]; i < aux.rowPtr()[r + 1]; i++) {
            axpy(aux.val()[i], s.wDecFD, aux.col()[i] * d, diff, 0, d);
        }
        double loss = 0;
        for (int c = 0; c < d; c++) {
            loss += diff[c] * diff[c];
            diff[c] *= auxScale;
        }
        for (int i = aux.rowPtr()[r]; i < aux.rowPtr()[r + 1]; i++) {
            int fo = aux.col()[i] * d;
            axpy(aux.val()[i], diff, 0, g.dWdecFD, fo, d);
            float dz = dot(diff, 0, s.wDecFD, fo, d);
            g.dBencF[aux.col()[i]] += dz;
            axpy(dz, xc, 0, g.dWencFD, fo, d);
        }
        return loss;
    }

    /** Per-step terms that do not depend on rows: b_dec through the encoder, and the L1 decoder-norm gradient. */
    static void finish(SeedState s, Gradients g, double l1, int n) {
        int d = s.d;
        for (int j = 0; j < s.f; j++) {
            if (g.dBencF[j] != 0) {
                axpy(-g.dBencF[j], s.wEncFD, j * d, g.dBdecD, 0, d);
            }
            if (l1 > 0 && g.codeSumF[j] != 0) {
                float norm = (float) Math.sqrt(dot(s.wDecFD, j * d, s.wDecFD, j * d, d));
                axpy((float) (l1 / n) * g.codeSumF[j] / Math.max(norm, 1e-12f), s.wDecFD, j * d, g.dWdecFD, j * d, d);
            }
        }
    }

    /** {@code y[yo..yo+len) += a * x[xo..xo+len)}. */
    static void axpy(float a, float[] x, int xo, float[] y, int yo, int len) {
        for (int i = 0; i < len; i++) {
            y[yo + i] += a * x[xo + i];
        }
    }

    /** Dot product with four accumulators (fixed order: deterministic). */
    static float dot(float[] a, int ao, float[] b, int bo, int len) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
            s2 += a[ao + i + 2] * b[bo + i + 2];
            s3 += a[ao + i + 3] * b[bo + i + 3];
        }
        for (; i < len; i++) {
            s0 += a[ao + i] * b[bo + i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
