package dev.husai.trainer.sae;

import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Loss and gradients of one seed's whole batch as dense products on native BLAS, for codes that are dense: ReLU-L1
 * (about half of the latents fire early in training) and JumpReLU while its batch L0 is above
 * {@link #DENSE_SHARE} of the latents; there {@link SparseStep}'s per-latent loops would walk {@code N x L0 x D} in
 * Java. The same formulas as {@link SparseStep} (its javadoc), with {@code Z [N, F]} the codes ({@code ReLU(pre)}, or
 * JumpReLU's {@code pre H(pre - theta)}), {@code Wd = W_dec [F, D]} and {@code Xc = X - b_dec [N, D]}:
 * <pre>
 * E = Z Wd + b_dec - X   [N, D]        L = sum E^2 (+ l1 terms)      G = 2E/N      dZ = G Wd^T   [N, F]
 * dPre = 1[z > 0] * (dZ + (lambda/N) ||W_dec[f]||)   [N, F]
 * dW_dec += Z^T G   [F, D]      dW_enc (rows f) += dPre^T Xc   [F, D]      db_enc += sum_n dPre      db_dec += sum_n G
 * JumpReLU: dlog theta_f += sum over (n, f) with |pre_nf - theta_f| < eps/2 of theta_f (-(theta_f/eps) dZ_nf - lambda/(N eps))
 * </pre>
 * Four sgemm of 2 N D F flops each (with the encoder's); the element-wise passes between them run on the Vector API
 * ({@link VectorSelection#gateRow}) in {@code parts} row ranges in parallel, each with its own column sums, added in
 * range order. Sums run in a fixed order and BLAS splits no inner product across threads, so a run is reproducible bit
 * for bit for a given thread count; it rounds differently from the sparse path (a different order of the same sums).
 */
final class DenseStep {
    /**
     * JumpReLU takes this path while its batch L0 exceeds this share of the latents. Measured with the vectorised
     * JumpReLU gate ({@code husai bench sae --arch jumprelu}, medians, forced one way or the other): at 4,096 rows and
     * 1,024 latents with L0 at 19.5% of them the dense path took 40-48 ms a step against 52-59 for selection plus the
     * sparse pass; at 128 rows, 4,096 latents and L0 at 11% (5 seeds) 66-68 ms against 59-63. The sparse pass grows
     * with L0 and its selection (~12 ms there) does not, so they cross near 15%.
     */
    static final double DENSE_SHARE = 0.15;

    private final BLAS blas = BLAS.getInstance();
    private float[] wdFD = new float[0];
    private float[] zNF = new float[0];
    private float[] eND = new float[0];
    private float[] xcND = new float[0];
    private float[] dPreNF = new float[0];
    private float[] outFD = new float[0];
    private ColumnSums[] sums = new ColumnSums[0];

    /** One row range's accumulators: {@code db_enc}, code sums, {@code db_dec}, {@code dlog theta}, loss, nnz, min. */
    private static final class ColumnSums {
        final float[] dBencF;
        final float[] codeSumF;
        final float[] dBdecD;
        final float[] dLogThetaF;
        final float[] minLanes = new float[64];
        double loss;
        long nnz;

        ColumnSums(int d, int f) {
            dBencF = new float[f];
            codeSumF = new float[f];
            dBdecD = new float[d];
            dLogThetaF = new float[f];
        }

        void clear() {
            Arrays.fill(dBencF, 0);
            Arrays.fill(codeSumF, 0);
            Arrays.fill(dBdecD, 0);
            Arrays.fill(dLogThetaF, 0);
            Arrays.fill(minLanes, Float.POSITIVE_INFINITY);
            loss = 0;
            nnz = 0;
        }
    }

    /**
     * Adds one seed's batch loss sums and gradients to {@code g}: rows {@code xND[xAt..]} ({@code [N, D]}) and their
     * pre-activations {@code preNF[preAt..]} ({@code [N, F]}; ReLU-L1 overwrites them with {@code ReLU(pre)}, JumpReLU
     * keeps them); {@code normsF}: the decoder row norms (ReLU-L1, else null); {@code jump}: JumpReLU's terms, else null
     * (then the codes are {@code ReLU(pre)}); {@code parts}: row ranges run in parallel.
     */
    void run(SeedState s, float[] xND, int xAt, float[] preNF, int preAt, int n, double l1, float[] normsF,
             JumpTerms jump, Gradients g, int parts) {
        int d = s.d;
        int f = s.f;
        size(n, d, f, parts, jump != null);
        for (int j = 0; j < f; j++) {
            System.arraycopy(s.wDec[j], 0, wdFD, j * d, d);
        }
        float[] z = jump == null ? preNF : zNF;
        int zAt = jump == null ? preAt : 0;
        inParts(n, parts, (p, r0, r1) -> codes(preNF, preAt, z, zAt, r0, r1, f, jump));
        mm("N", "N", n, d, f, z, zAt, f, wdFD, 0, d, eND, 0, d);
        inParts(n, parts, (p, r0, r1) -> residual(s, xND, xAt, r0, r1, 2f / n, sums[p]));
        mm("N", "T", n, f, d, eND, 0, d, wdFD, 0, d, dPreNF, 0, f);
        float l1Scale = (float) (l1 / n);
        inParts(n, parts, (p, r0, r1) -> gate(z, zAt, preNF, preAt, r0, r1, f, l1Scale, normsF, jump, n, sums[p]));
        merge(g, parts, f, normsF);
        mm("T", "N", f, d, n, z, zAt, f, eND, 0, d, outFD, 0, d);
        addRows(outFD, g.dWdec, g.touched, d);
        mm("T", "N", f, d, n, dPreNF, 0, f, xcND, 0, d, outFD, 0, d);
        addRows(outFD, g.dWenc, g.touched, d);
    }

    private interface RowRange {
        void run(int part, int r0, int r1);
    }

    /** Runs {@code body} on {@code parts} contiguous row ranges of {@code [0, n)} in parallel. */
    private static void inParts(int n, int parts, RowRange body) {
        IntStream.range(0, parts).parallel().forEach(p -> body.run(p, Selection.partStart(n, parts, p),
                Selection.partStart(n, parts, p + 1)));
    }

    private void size(int n, int d, int f, int parts, boolean jump) {
        wdFD = sized(wdFD, f * d);
        zNF = jump ? sized(zNF, n * f) : zNF;
        eND = sized(eND, n * d);
        xcND = sized(xcND, n * d);
        dPreNF = sized(dPreNF, n * f);
        outFD = sized(outFD, f * d);
        if (sums.length != parts || sums[0].dBencF.length != f || sums[0].dBdecD.length != d) {
            sums = IntStream.range(0, parts).mapToObj(p -> new ColumnSums(d, f)).toArray(ColumnSums[]::new);
        }
        for (ColumnSums c : sums) {
            c.clear();
        }
    }

    /** Rows {@code [r0, r1)} of the codes: {@code z = pre} where {@code pre > theta_f} (ReLU: theta 0), else 0. */
    private static void codes(float[] pre, int preAt, float[] z, int zAt, int r0, int r1, int f, JumpTerms jump) {
        for (int r = r0; r < r1; r++) {
            int from = preAt + r * f;
            int to = zAt + r * f;
            if (jump == null) {
                int j = Selection.VECTOR ? VectorSelection.relu(pre, from, z, to, f) : 0;
                for (; j < f; j++) {
                    z[to + j] = Math.max(pre[from + j], 0f);
                }
            } else {
                int j = Selection.VECTOR ? VectorSelection.jumpCodes(pre, from, jump.thetaF(), z, to, f) : 0;
                jumpCodes(pre, from, jump.thetaF(), z, to, j, f);
            }
        }
    }

    /** JumpReLU's codes of latents {@code [j0, f)} of one row: {@code z = pre > theta ? pre : 0} (the scalar twin). */
    static void jumpCodes(float[] pre, int from, float[] thetaF, float[] z, int to, int j0, int f) {
        for (int j = j0; j < f; j++) {
            float v = pre[from + j];
            z[to + j] = v > thetaF[j] ? v : 0f;
        }
    }

    /**
     * Rows {@code [r0, r1)}: {@code E <- E + b_dec - x}, {@code Xc = x - b_dec}; adds {@code sum E^2} to the loss and
     * {@code G} to {@code db_dec}; leaves {@code G = scale E} in E.
     */
    private void residual(SeedState s, float[] xND, int xAt, int r0, int r1, float scale, ColumnSums out) {
        int d = s.d;
        double loss = 0;
        for (int r = r0; r < r1; r++) {
            int at = r * d;
            for (int c = 0; c < d; c++) {
                float x = xND[xAt + at + c];
                float e = eND[at + c] + s.bDecD[c] - x;
                loss += e * e;
                float gr = scale * e;
                eND[at + c] = gr;
                out.dBdecD[c] += gr;
                xcND[at + c] = x - s.bDecD[c];
            }
        }
        out.loss = loss;
    }

    /**
     * Rows {@code [r0, r1)}: JumpReLU's threshold gradients from {@code dZ} at the near pre-activations, then
     * {@code dPre = 1[z > 0] (dZ + l1Scale ||W_dec[f]||)} in place of {@code dZ}, with the column sums of {@code dPre}
     * and {@code z}, the count of codes and their smallest value.
     */
    private void gate(float[] z, int zAt, float[] pre, int preAt, int r0, int r1, int f, float l1Scale, float[] normsF,
                      JumpTerms jump, int n, ColumnSums out) {
        for (int r = r0; r < r1; r++) {
            out.nnz += jump != null ? jumpGateRow(z, zAt + r * f, pre, preAt + r * f, r * f, f, jump, n, out)
                    : Selection.VECTOR
                    ? VectorSelection.gateRow(z, zAt + r * f, dPreNF, r * f, f, l1Scale, normsF, out.dBencF, out.codeSumF, out.minLanes)
                    : gateRow(z, zAt + r * f, dPreNF, r * f, 0, f, l1Scale, normsF, out.dBencF, out.codeSumF, out.minLanes);
        }
    }

    /** One JumpReLU row of {@link #gate}: on the Vector API ({@link VectorSelection#jumpGateRow}) or its scalar twin. */
    private int jumpGateRow(float[] z, int zAt, float[] pre, int preAt, int dAt, int f, JumpTerms jump, int n,
                            ColumnSums out) {
        float l0Term = jump.l0Term(n);
        return Selection.VECTOR
                ? VectorSelection.jumpGateRow(z, zAt, pre, preAt, dPreNF, dAt, f, jump, l0Term, out.dLogThetaF,
                        out.dBencF, out.codeSumF, out.minLanes)
                : jumpGateRow(z, zAt, pre, preAt, dPreNF, dAt, 0, f, jump, l0Term, out.dLogThetaF, out.dBencF,
                        out.codeSumF, out.minLanes);
    }

    /**
     * The scalar twin of {@link VectorSelection#jumpGateRow} (and its tail), latents {@code [from, f)} of one row: where
     * {@code |pre_j - theta_j| < half}, {@code dlog theta_j += }{@link JumpTerms#logThetaTerm}{@code (j, dZ_j)}; then
     * {@link #gateRow} without an L1 term on the row's codes {@code z} ({@link #jumpCodes}). Returns how many codes are
     * positive.
     */
    static int jumpGateRow(float[] z, int zAt, float[] pre, int preAt, float[] dZ, int dAt, int from, int f,
                           JumpTerms jump, float l0Term, float[] dLogThetaF, float[] dBencF, float[] codeSumF,
                           float[] minLanes) {
        float[] thetaF = jump.thetaF();
        float half = jump.halfBand();
        for (int j = from; j < f; j++) {
            if (Math.abs(pre[preAt + j] - thetaF[j]) < half) {
                dLogThetaF[j] += jump.logThetaTerm(j, dZ[dAt + j], l0Term);
            }
        }
        return gateRow(z, zAt, dZ, dAt, from, f, 0f, null, dBencF, codeSumF, minLanes);
    }

    /**
     * The scalar twin of {@link VectorSelection#gateRow} (and its tail), the same bits: latents {@code [from, f)} of one
     * row, {@code dPre} in place of {@code dZ}, its column sums into {@code dBencF} and {@code codeSumF}, the smallest
     * code into {@code minLanes[0]}; returns how many codes are positive.
     */
    static int gateRow(float[] z, int zAt, float[] dZ, int dAt, int from, int f, float l1Scale, float[] normsF,
                       float[] dBencF, float[] codeSumF, float[] minLanes) {
        int nnz = 0;
        for (int j = from; j < f; j++) {
            float zj = z[zAt + j];
            boolean fired = zj > 0f;
            float dz = fired ? dZ[dAt + j] + (normsF == null ? 0f : l1Scale * normsF[j]) : 0f;
            dZ[dAt + j] = dz;
            dBencF[j] += dz;
            codeSumF[j] += fired ? zj : 0f;
            nnz += fired ? 1 : 0;
            minLanes[0] = fired ? Math.min(minLanes[0], zj) : minLanes[0];
        }
        return nnz;
    }

    /**
     * Adds the ranges' sums into {@code g} in range order; a latent fired when its code sum is positive; the L1 sum is
     * {@code sum_f codeSum_f ||W_dec[f]||}.
     */
    private void merge(Gradients g, int parts, int f, float[] normsF) {
        float min = Float.POSITIVE_INFINITY;
        for (int p = 0; p < parts; p++) {
            ColumnSums c = sums[p];
            SparseStep.axpy(1f, c.dBencF, g.dBencF);
            SparseStep.axpy(1f, c.codeSumF, g.codeSumF);
            SparseStep.axpy(1f, c.dBdecD, g.dBdecD);
            SparseStep.axpy(1f, c.dLogThetaF, g.dLogThetaF);
            g.lossSum += c.loss;
            g.nnz += c.nnz;
            for (float m : c.minLanes) {
                min = Math.min(min, m);
            }
        }
        g.minCode = min == Float.POSITIVE_INFINITY ? Float.NaN : min;
        for (int j = 0; j < f; j++) {
            if (g.codeSumF[j] > 0f) {
                g.touched[j] = true;
                g.l1Sum += normsF == null ? 0 : g.codeSumF[j] * (double) normsF[j];
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
