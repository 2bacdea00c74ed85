package dev.husai.trainer.sae;

/**
 * Matryoshka BatchTopK's reconstruction loss of one row (Bussmann et al. 2025, arXiv 2503.17547): with nested
 * prefixes {@code m_1 < ... < m_M = F} of the dictionary and {@code xhat_m = b_dec + sum_{f < m} z_f W_dec[f]},
 * {@code e_m = xhat_m - x},
 * <pre>
 * L_row = (1/M) sum_m ||e_m||^2                       (every prefix reconstructs x on its own; equal weights 1/M,
 *                                                      as dictionary_learning's default group weights)
 * dL/dxhat_m = 2 e_m / (M N);   latent f in level l (m_{l-1} <= f < m_l) enters every xhat_m with m >= l, so
 * dz_f = G_l . W_dec[f],  dW_dec[f] += z_f G_l,  with G_l = (2 / (M N)) sum_{m >= l} e_m;   db_dec += G_1
 * </pre>
 * The codes are BatchTopK's over the whole dictionary; a row's latents come in increasing order, so one pass
 * builds every {@code xhat_m}.
 */
final class PrefixStep {
    private PrefixStep() {
    }

    /**
     * Accumulates the gradients of row {@code r} into {@code g}; returns its loss {@code (1/M) sum_m ||e_m||^2} and
     * leaves the full residual {@code e_M = xhat - x} in {@code e} (for AuxK) and {@code x - b_dec} in {@code xc}.
     *
     * @param levelsMD scratch {@code [M, D]}
     */
    static double row(SeedState s, float[] x, Codes codes, int r, int[] prefixes, float gScale, float[][] levelsMD,
                      float[] e, float[] xc, Gradients g) {
        int d = s.d;
        int levels = prefixes.length;
        int[] ptr = codes.rowPtr();
        System.arraycopy(s.bDecD, 0, e, 0, d);
        int level = 0;
        for (int i = ptr[r]; i < ptr[r + 1]; i++) {
            int f = codes.col()[i];
            while (f >= prefixes[level]) {
                residual(e, x, levelsMD[level++]);
            }
            SparseStep.axpy(codes.val()[i], s.wDec[f], e);
        }
        while (level < levels) {
            residual(e, x, levelsMD[level++]);
        }
        double loss = 0;
        for (float[] em : levelsMD) {
            loss += SparseStep.dot(em, em);
        }
        System.arraycopy(levelsMD[levels - 1], 0, e, 0, d);
        for (int m = levels - 2; m >= 0; m--) {
            SparseStep.axpy(1f, levelsMD[m + 1], levelsMD[m]);
        }
        float scale = gScale / levels;
        for (float[] gm : levelsMD) {
            for (int c = 0; c < d; c++) {
                gm[c] *= scale;
            }
        }
        for (int c = 0; c < d; c++) {
            xc[c] = x[c] - s.bDecD[c];
        }
        SparseStep.axpy(1f, levelsMD[0], g.dBdecD);
        level = 0;
        for (int i = ptr[r]; i < ptr[r + 1]; i++) {
            int f = codes.col()[i];
            while (f >= prefixes[level]) {
                level++;
            }
            float dz = SparseStep.dot(levelsMD[level], s.wDec[f]);
            SparseStep.latentGradients(s, f, codes.val()[i], dz, levelsMD[level], xc, g);
        }
        return loss / levels;
    }

    /** {@code out = xhat - x}. */
    private static void residual(float[] xhat, float[] x, float[] out) {
        for (int c = 0; c < x.length; c++) {
            out[c] = xhat[c] - x[c];
        }
    }
}
