package dev.husai.trainer.sae;

/**
 * {@link SparseStep}'s loss and gradients for the plain sparse archs (TopK, BatchTopK: no L1, no prefixes, no JumpReLU
 * terms) in two passes, first over rows, then over latents, so that no gradient row is touched once per active entry:
 * <pre>
 * rows    (per row n, O(K D)):  e_n = b_dec + sum_f z_nf W_dec[f] - x_n;  g_n = 2 e_n / N  -> G [N, D]
 *                               xc_n = x_n - b_dec -> XC [N, D];  dz_nf = g_n . W_dec[f];  db_dec += g_n
 * latents (per latent f, over its active rows in row order):
 *                               dW_dec[f] = sum_n z_nf g_n;  dW_enc[f] = sum_n dz_nf xc_n;  db_enc[f] = sum_n dz_nf
 * </pre>
 * The latent pass reads the codes transposed ({@link #transpose}, a counting sort of the entries by latent, rows
 * ascending): each latent's two accumulator rows stay in L1 while its rows of G and XC stream past, instead of
 * 2 K scattered row updates per batch row. AuxK (when latents are dead) runs inside the row pass with SparseStep's
 * own per-row code. The summation order is fixed by the batch alone (the latent pass does not depend on the row
 * chunks), so a run is bit-for-bit reproducible for a given seed and thread count.
 */
final class LatentStep {
    private LatentStep() {
    }

    /** One seed's reusable buffers: G and XC {@code [N, D]}, each chunk's dz (parallel to its codes), the transpose. */
    static final class Buffers {
        float[] gradND = new float[0];
        float[] xcND = new float[0];
        float[][] dzChunks = new float[0][];
        int[] startF = new int[0];
        int[] rowOf = new int[0];
        float[] zOf = new float[0];
        float[] dzOf = new float[0];

        /** Sizes G and XC for {@code n} rows of {@code d} and the dz arrays for {@code chunks} chunks. */
        void size(int n, int d, int f, int chunks) {
            if (gradND.length != n * d) {
                gradND = new float[n * d];
                xcND = new float[n * d];
            }
            if (dzChunks.length != chunks) {
                dzChunks = new float[chunks][0];
            }
            if (startF.length != f + 1) {
                startF = new int[f + 1];
            }
        }

        /** Chunk {@code c}'s dz array, at least {@code nnz} long. */
        float[] dz(int c, int nnz) {
            if (dzChunks[c].length < nnz) {
                dzChunks[c] = new float[nnz];
            }
            return dzChunks[c];
        }
    }

    /**
     * The row pass over a chunk's {@code codes} (its rows start at batch row {@code r0}; their inputs at
     * {@code xND[xAt]}): fills G, XC and {@code dz}, adds the loss, {@code db_dec} and AuxK's share into {@code g}.
     */
    static void rows(SeedState s, float[] xND, int xAt, int r0, Codes codes, Codes aux, int n, double auxAlpha,
                     Buffers b, float[] dz, Gradients g) {
        int d = s.d;
        float[] e = new float[d];
        float[] xc = new float[d];
        float[] grad = new float[d];
        float gScale = 2f / n;
        float auxScale = (float) (2 * auxAlpha / n);
        int[] ptr = codes.rowPtr();
        for (int r = 0; r < codes.rows(); r++) {
            System.arraycopy(s.bDecD, 0, e, 0, d);
            for (int i = ptr[r]; i < ptr[r + 1]; i++) {
                SparseStep.axpy(codes.val()[i], s.wDec[codes.col()[i]], e);
            }
            int at = xAt + r * d;
            double rowLoss = 0;
            for (int c = 0; c < d; c++) {
                float ec = e[c] - xND[at + c];
                e[c] = ec;
                rowLoss += ec * ec;
                grad[c] = gScale * ec;
                xc[c] = xND[at + c] - s.bDecD[c];
            }
            g.lossSum += rowLoss;
            SparseStep.axpy(1f, grad, g.dBdecD);
            for (int i = ptr[r]; i < ptr[r + 1]; i++) {
                dz[i] = SparseStep.dot(grad, s.wDec[codes.col()[i]]);
            }
            System.arraycopy(grad, 0, b.gradND, (r0 + r) * d, d);
            System.arraycopy(xc, 0, b.xcND, (r0 + r) * d, d);
            if (aux != null && aux.rowPtr()[r] < aux.rowPtr()[r + 1]) {
                g.auxLossSum += SparseStep.auxRow(s, aux, r, e, xc, auxScale, g);
            }
        }
    }

    /**
     * Transposes the chunks' codes (chunk c's rows start at batch row {@code r0[c]}) into {@code b}: latent f's entries
     * are {@code [startF[f], startF[f+1])} of {@code rowOf, zOf, dzOf}, rows ascending.
     */
    static void transpose(Codes[] codes, int[] r0, int f, Buffers b) {
        int[] start = b.startF;
        java.util.Arrays.fill(start, 0);
        int nnz = 0;
        for (Codes c : codes) {
            for (int i = 0; i < c.nnz(); i++) {
                start[c.col()[i] + 1]++;
            }
            nnz += c.nnz();
        }
        for (int j = 0; j < f; j++) {
            start[j + 1] += start[j];
        }
        if (b.rowOf.length < nnz) {
            b.rowOf = new int[nnz];
            b.zOf = new float[nnz];
            b.dzOf = new float[nnz];
        }
        int[] next = java.util.Arrays.copyOf(start, f);
        for (int c = 0; c < codes.length; c++) {
            int[] ptr = codes[c].rowPtr();
            float[] dz = b.dzChunks[c];
            for (int r = 0; r < codes[c].rows(); r++) {
                for (int i = ptr[r]; i < ptr[r + 1]; i++) {
                    int p = next[codes[c].col()[i]]++;
                    b.rowOf[p] = r0[c] + r;
                    b.zOf[p] = codes[c].val()[i];
                    b.dzOf[p] = dz[i];
                }
            }
        }
    }

    /** The latent pass over latents {@code [f0, f1)}: adds their {@code dW_dec, dW_enc, db_enc} rows into {@code g}. */
    static void latents(int d, int f0, int f1, Buffers b, Gradients g) {
        float[] grad = b.gradND;
        float[] xc = b.xcND;
        for (int f = f0; f < f1; f++) {
            int p0 = b.startF[f];
            int p1 = b.startF[f + 1];
            if (p0 == p1) {
                continue;
            }
            float[] wd = g.dWdec[f];
            float[] we = g.dWenc[f];
            float db = 0;
            for (int p = p0; p < p1; p++) {
                float z = b.zOf[p];
                float dz = b.dzOf[p];
                int at = b.rowOf[p] * d;
                for (int c = 0; c < d; c++) {
                    wd[c] += z * grad[at + c];
                    we[c] += dz * xc[at + c];
                }
                db += dz;
            }
            g.dBencF[f] += db;
            g.touched[f] = true;
        }
    }
}
