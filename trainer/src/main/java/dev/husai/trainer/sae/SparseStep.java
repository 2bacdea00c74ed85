package dev.husai.trainer.sae;

/**
 * Loss and hand-written gradients of one seed on a chunk of rows, touching only the active latents.
 * For row x with codes z (K active latents) and {@code xhat = b_dec + sum_f z_f W_dec[f]}, {@code e = xhat - x}:
 * <pre>
 * L     = (1/N) sum_n ||e_n||^2                                   (reconstruction, summed over D)
 *       + (lambda/N) sum_n sum_f z_nf ||W_dec[f]||                  (ReLU-L1 only, decoder-norm-weighted L1)
 *       + (alpha/N) sum_n ||ehat_n - (x_n - xhat_n)||^2              (AuxK: ehat from the top-k_aux dead latents,
 *                                                                      residual detached; Gao et al. 2024)
 *       + (lambda/N) sum_n sum_f H(pre_nf - theta_f)                 (JumpReLU only, {@link JumpTerms})
 * dL/dxhat = 2e/N;  dW_dec[f] += z_f dL/dxhat;  dz_f = dL/dxhat . W_dec[f] (+ lambda ||W_dec[f]|| / N)
 * dpre_f = dz_f (z_f > 0 is the ReLU/top-k gate);  dW_enc[f] += dpre_f (x - b_dec);  db_enc[f] += dpre_f
 * db_dec = sum_n dL/dxhat - sum_f db_enc[f] W_enc[f]   (b_dec enters the decoder and, subtracted, the encoder)
 * </pre>
 * Matryoshka replaces the first term by the mean over its nested prefixes ({@link PrefixStep}).
 * The last term and the L1 decoder-norm gradient are applied once per step in {@link #finish}. Parameters are
 * per-latent rows ({@code float[F][D]}) so every inner loop runs over whole arrays from index 0, which
 * HotSpot's C2 vectorises.
 */
final class SparseStep {
    private SparseStep() {
    }

    /**
     * Accumulates loss and gradients of {@code codes.rows()} rows starting at {@code xND[xAt]} (a batch of
     * {@code n} rows in total) into {@code g}. {@code normsF}: decoder row norms (ReLU-L1 only, else null);
     * {@code prefixes}: Matryoshka's prefix sizes ({@link PrefixStep}), else null; {@code near} and {@code jump}:
     * JumpReLU's pre-activations near their thresholds and its terms ({@link JumpTerms}), else null.
     */
    static void run(SeedState s, float[] xND, int xAt, Codes codes, Codes aux, int n, double l1, float[] normsF,
                    double auxAlpha, int[] prefixes, Codes near, JumpTerms jump, Gradients g) {
        if (prefixes == null && (aux == null || aux.nnz() == 0) && LatentBlocks.pays(codes, s.d, s.f)) {
            runBlocked(s, xND, xAt, codes, n, l1, normsF, near, jump, g);
        } else {
            runRows(s, xND, xAt, codes, aux, n, l1, normsF, auxAlpha, prefixes, near, jump, g);
        }
    }

    /** {@link #run} row by row, each entry's gradient rows updated as it comes. */
    static void runRows(SeedState s, float[] xND, int xAt, Codes codes, Codes aux, int n, double l1, float[] normsF,
                        double auxAlpha, int[] prefixes, Codes near, JumpTerms jump, Gradients g) {
        int d = s.d;
        float[] x = new float[d];
        float[] e = new float[d];
        float[] xc = new float[d];
        float[] grad = new float[d];
        float[][] levelsMD = prefixes == null ? null : new float[prefixes.length][d];
        float gScale = 2f / n;
        float auxScale = (float) (2 * auxAlpha / n);
        for (int r = 0; r < codes.rows(); r++) {
            System.arraycopy(xND, xAt + r * d, x, 0, d);
            if (prefixes == null) {
                g.lossSum += row(s, x, codes, r, gScale, (float) (l1 / n), normsF, e, xc, grad, g);
            } else {
                g.lossSum += PrefixStep.row(s, x, codes, r, prefixes, gScale, levelsMD, e, xc, g);
            }
            if (near != null) {
                jump.thresholdGradients(s, near, r, grad, n, g);
            }
            if (aux != null && aux.rowPtr()[r] < aux.rowPtr()[r + 1]) {
                g.auxLossSum += auxRow(s, aux, r, e, xc, auxScale, g);
            }
        }
    }

    /**
     * {@link #run} without AuxK or prefixes, rows taken a block at a time ({@link LatentBlocks}): each row's loss,
     * {@code dz} and bias gradients as {@link #row} computes them, its {@code grad} and {@code x - b_dec} kept, then
     * the block's gradient rows {@code dW_dec[f], dW_enc[f]} latent by latent, each latent's entries in row order.
     * Every gradient element sees the same adds in the same order as the row-by-row pass, so the same bits; each
     * latent's two gradient rows are read and written once a block instead of once an entry.
     */
    static void runBlocked(SeedState s, float[] xND, int xAt, Codes codes, int n, double l1, float[] normsF,
                           Codes near, JumpTerms jump, Gradients g) {
        int d = s.d;
        float[] x = new float[d];
        float[] e = new float[d];
        float[] xc = new float[d];
        float[] grad = new float[d];
        float gScale = 2f / n;
        LatentBlocks blocks = new LatentBlocks(d, s.f, codes);
        int[] ptr = codes.rowPtr();
        for (int r0 = 0; r0 < codes.rows(); r0 += blocks.rows) {
            int r1 = Math.min(codes.rows(), r0 + blocks.rows);
            blocks.start(ptr[r0], ptr[r1]);
            for (int r = r0; r < r1; r++) {
                System.arraycopy(xND, xAt + r * d, x, 0, d);
                g.lossSum += row(s, x, codes, r, gScale, (float) (l1 / n), normsF, e, xc, grad, g, blocks.dz, ptr[r0]);
                if (near != null) {
                    jump.thresholdGradients(s, near, r, grad, n, g);
                }
                blocks.keepRow(r - r0, grad, xc, ptr[r] - ptr[r0], ptr[r + 1] - ptr[r0]);
            }
            blocks.accumulate(codes, g.dWdec, g.dWenc);
        }
    }

    /** {@link #row(SeedState, float[], Codes, int, float, float, float[], float[], float[], float[], Gradients, float[], int)}, the gradient rows updated at once. */
    private static double row(SeedState s, float[] x, Codes codes, int r, float gScale, float l1Scale, float[] normsF,
                              float[] e, float[] xc, float[] grad, Gradients g) {
        return row(s, x, codes, r, gScale, l1Scale, normsF, e, xc, grad, g, null, 0);
    }

    /**
     * One row's reconstruction loss {@code ||e||^2} and gradients; leaves {@code e = xhat - x},
     * {@code xc = x - b_dec} and {@code grad = dL/dxhat = 2e/N}. With {@code dzOut} given, entry i's {@code dz} goes to
     * {@code dzOut[i - dzAt]} and its gradient rows are left to the caller; else they are updated here.
     */
    private static double row(SeedState s, float[] x, Codes codes, int r, float gScale, float l1Scale, float[] normsF,
                              float[] e, float[] xc, float[] grad, Gradients g, float[] dzOut, int dzAt) {
        int d = s.d;
        int[] ptr = codes.rowPtr();
        reconstruct(s, codes, ptr[r], ptr[r + 1], e);
        double rowLoss = 0;
        for (int c = 0; c < d; c++) {
            float ec = e[c] - x[c];
            e[c] = ec;
            rowLoss += ec * ec;
            grad[c] = gScale * ec;
            xc[c] = x[c] - s.bDecD[c];
        }
        axpy(1f, grad, g.dBdecD);
        for (int i = ptr[r]; i < ptr[r + 1]; i++) {
            int f = codes.col()[i];
            float z = codes.val()[i];
            float dz = dot(grad, s.wDec[f]);
            if (normsF != null) {
                dz += l1Scale * normsF[f];
                g.codeSumF[f] += z;
                g.l1Sum += z * normsF[f];
            }
            if (dzOut == null) {
                latentGradients(s, f, z, dz, grad, xc, g);
            } else {
                dzOut[i - dzAt] = dz;
                g.dBencF[f] += dz;
                g.touched[f] = true;
            }
        }
        return rowLoss;
    }

    /** Latent f's share: {@code dW_dec[f] += z grad; db_enc[f] += dz; dW_enc[f] += dz (x - b_dec)}. */
    static void latentGradients(SeedState s, int f, float z, float dz, float[] grad, float[] xc, Gradients g) {
        axpy2(z, grad, g.dWdec[f], dz, xc, g.dWenc[f]);
        g.dBencF[f] += dz;
        g.touched[f] = true;
    }

    /** AuxK for one row: {@code eRow} holds {@code xhat - x}; returns {@code ||ehat + eRow||^2}. */
    private static double auxRow(SeedState s, Codes aux, int r, float[] eRow, float[] xc, float auxScale, Gradients g) {
        float[] diff = eRow.clone();
        for (int i = aux.rowPtr()[r]; i < aux.rowPtr()[r + 1]; i++) {
            axpy(aux.val()[i], s.wDec[aux.col()[i]], diff);
        }
        double loss = 0;
        for (int c = 0; c < diff.length; c++) {
            loss += diff[c] * diff[c];
            diff[c] *= auxScale;
        }
        for (int i = aux.rowPtr()[r]; i < aux.rowPtr()[r + 1]; i++) {
            int f = aux.col()[i];
            float dz = dot(diff, s.wDec[f]);
            axpy2(aux.val()[i], diff, g.dWdec[f], dz, xc, g.dWenc[f]);
            g.dBencF[f] += dz;
            g.touched[f] = true;
        }
        return loss;
    }

    /** Per-step terms that do not depend on rows: b_dec through the encoder, and the L1 decoder-norm gradient. */
    static void finish(SeedState s, Gradients g, double l1, float[] normsF, int n) {
        for (int j = 0; j < s.f; j++) {
            if (g.dBencF[j] != 0) {
                axpy(-g.dBencF[j], s.wEncFD, j * s.d, g.dBdecD, 0, s.d);
            }
            if (normsF != null && g.codeSumF[j] != 0) {
                axpy((float) (l1 / n) * g.codeSumF[j] / Math.max(normsF[j], 1e-12f), s.wDec[j], g.dWdec[j]);
            }
        }
    }

    /**
     * {@code e = b_dec + sum_i z_i W_dec[f_i]} over the codes {@code [from, to)}: one {@link #axpy} per code in order
     * (a multiply then an add per element, so the same bits on either path); on the Vector API with {@code e} held in
     * registers across the codes ({@link VectorSelection#reconstruct}).
     */
    static void reconstruct(SeedState s, Codes codes, int from, int to, float[] e) {
        if (Selection.VECTOR) {
            VectorSelection.reconstruct(s.bDecD, s.wDec, codes.col(), codes.val(), from, to, e);
            return;
        }
        System.arraycopy(s.bDecD, 0, e, 0, s.d);
        for (int i = from; i < to; i++) {
            scalarAxpy(codes.val()[i], s.wDec[codes.col()[i]], e);
        }
    }

    /**
     * {@code y += a * x} over whole arrays of equal length: on the Vector API ({@link VectorSelection#axpy}) when
     * {@link Selection#VECTOR}, else {@link #scalarAxpy}; both give the same bits (a multiply then an add per element).
     */
    static void axpy(float a, float[] x, float[] y) {
        if (Selection.VECTOR) {
            VectorSelection.axpy(a, x, y);
        } else {
            scalarAxpy(a, x, y);
        }
    }

    /** {@link #axpy(float, float[], float[])} on {@code x[xAt ..+ len)} into {@code y[yAt ..+ len)}: a row of a flat matrix. */
    static void axpy(float a, float[] x, int xAt, float[] y, int yAt, int len) {
        if (Selection.VECTOR) {
            VectorSelection.axpy(a, x, xAt, y, yAt, len);
        } else {
            for (int i = 0; i < len; i++) {
                y[yAt + i] += a * x[xAt + i];
            }
        }
    }

    /** {@code y += a * x} and {@code v += b * u} ({@link VectorSelection#axpy2} or two {@link #scalarAxpy}s: the same bits). */
    static void axpy2(float a, float[] x, float[] y, float b, float[] u, float[] v) {
        if (Selection.VECTOR) {
            VectorSelection.axpy2(a, x, y, b, u, v);
        } else {
            scalarAxpy(a, x, y);
            scalarAxpy(b, u, v);
        }
    }

    /** {@code y += a * x}, one element at a time (C2 vectorises it, but a D = 128 row mostly runs its scalar tail). */
    static void scalarAxpy(float a, float[] x, float[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }

    /**
     * Dot product of equal-length arrays: on the Vector API ({@link VectorSelection#dot}) when
     * {@link Selection#VECTOR}, else {@link #scalarDot}; both give the same bits.
     */
    static float dot(float[] a, float[] b) {
        return Selection.VECTOR ? VectorSelection.dot(a, b) : scalarDot(a, 0, b, 0, a.length);
    }

    /** {@link #dot(float[], float[])} of {@code a[aAt ..+ len)} and {@code b[bAt ..+ len)} (a row of a flat matrix). */
    static float dot(float[] a, int aAt, float[] b, int bAt, int len) {
        return Selection.VECTOR ? VectorSelection.dot(a, aAt, b, bAt, len) : scalarDot(a, aAt, b, bAt, len);
    }

    /**
     * Dot product of equal-length arrays with eight independent accumulators (HotSpot 17 does not reorder a
     * float sum, so independent chains are what makes it fast; the fixed order keeps it deterministic).
     */
    static float scalarDot(float[] a, int aAt, float[] b, int bAt, int len) {
        return continueDot(a, aAt, b, bAt, 0, len, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * {@link #scalarDot}'s eight chains {@code s0..s7} continued from element {@code from} (a multiple of 8) to
     * {@code len}: chain l takes the elements i = l mod 8 of whole blocks of eight, in order, the tail goes into chain 0,
     * and the chains are added in the tree {@code ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))}.
     * {@link VectorSelection#dot} ends here after its lanes took the first {@code from} elements.
     */
    static float continueDot(float[] a, int aAt, float[] b, int bAt, int from, int len, float s0, float s1, float s2,
                             float s3, float s4, float s5, float s6, float s7) {
        int i = from;
        for (; i + 7 < len; i += 8) {
            s0 += a[aAt + i] * b[bAt + i];
            s1 += a[aAt + i + 1] * b[bAt + i + 1];
            s2 += a[aAt + i + 2] * b[bAt + i + 2];
            s3 += a[aAt + i + 3] * b[bAt + i + 3];
            s4 += a[aAt + i + 4] * b[bAt + i + 4];
            s5 += a[aAt + i + 5] * b[bAt + i + 5];
            s6 += a[aAt + i + 6] * b[bAt + i + 6];
            s7 += a[aAt + i + 7] * b[bAt + i + 7];
        }
        for (; i < len; i++) {
            s0 += a[aAt + i] * b[bAt + i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
