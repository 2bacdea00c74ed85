package dev.husai.trainer.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.config.SaeConfig.Arch;

/**
 * The loss and hand-written gradients of one step of the DJL engine, for all S seeds at once, dense: the same
 * formulas as {@link SparseStep} (and {@link PrefixStep}, {@link JumpTerms}) with the codes as a mask
 * {@code M [S, N, F]} instead of sparse lists. With {@code X [S, N, D]}, {@code Xc = X - b_dec}:
 * <pre>
 * pre  = X W_enc + (b_enc - b_dec W_enc)          [S, N, F]   (one batched matmul; the bias folded as the BLAS engine)
 * z    = pre * M                                  M: ReLU, per-row top k, the batch's top kN, or pre > theta
 * xhat = z W_dec + b_dec;  e = xhat - X;  G = 2e/N   [S, N, D]
 * dz   = G W_dec^T (+ lambda ||W_dec[f]|| / N, ReLU-L1);   dW_dec = z^T G;   dpre = dz * M
 * AuxK: zA = pre * MA (top k_aux of the dead latents), r = e + zA W_dec, GA = 2 alpha r / N:
 *       dW_dec += zA^T GA;  dpre += (GA W_dec^T) * MA
 * dW_enc = Xc^T dpre;  db_enc = sum_n dpre;  db_dec = sum_n G - db_enc W_enc^T
 * </pre>
 * All arrays are made in the caller's sub-manager (the state's arrays are temporarily attached to it).
 */
final class DjlStep {
    /** A stand-in for minus infinity that survives arithmetic. */
    private static final float BIG = 1e30f;
    private final SaeConfig config;
    private final DjlState st;
    private final int n;
    final NDArray x;
    final NDArray pre;
    final NDArray theta;
    final NDArray mask;
    final NDArray z;
    NDArray dWdec;
    NDArray dpre;
    NDArray dLogTheta;
    /** Per seed [S]: reconstruction loss sum, L1 sum, AuxK loss sum. */
    NDArray lossS;
    NDArray l1S;
    NDArray auxS;
    NDArray e;
    /** The reconstruction's gradient of b_dec through the decoder, {@code sum_n G} ({@code [S, 1, D]}). */
    private NDArray dBdecRec;

    /** The forward pass and the training selection of {@code x [S, N, D]}. */
    DjlStep(SaeConfig config, DjlState st, NDArray x) {
        this.config = config;
        this.st = st;
        this.n = config.batchSize();
        this.x = x;
        NDArray bias = st.bEnc().sub(st.bDec().batchMatMul(st.wEnc()));
        this.pre = x.batchMatMul(st.wEnc()).add(bias);
        this.theta = st.logTheta() == null ? null : st.logTheta().exp();
        this.mask = select().toType(DataType.FLOAT32, false);
        this.z = pre.mul(mask);
    }

    /** The training selection as a boolean mask [S, N, F]. */
    private NDArray select() {
        int f = config.dSae();
        int k = config.k();
        Arch arch = config.arch();
        if (arch == Arch.JUMPRELU) {
            return pre.gt(theta);
        }
        if (arch == Arch.TOPK && k < f) {
            NDArray kth = pre.topK(k, 2, true, false).get(0).min(new int[] {2}, true);
            return pre.gte(kth).logicalAnd(pre.gt(0));
        }
        long keep = (long) k * n;
        if (arch.batchTopK() && keep < (long) n * f) {
            long s = pre.getShape().get(0);
            NDArray flat = pre.reshape(s, (long) n * f);
            NDArray tau = flat.topK((int) keep + 1, 1, true, false).get(0).min(new int[] {1}, true).maximum(0f);
            return pre.gt(tau.reshape(s, 1, 1));
        }
        return pre.gt(0);
    }

    /** The reconstruction's loss and gradients, L1 (weight {@code l1}, 0 = none) and the JumpReLU threshold terms. */
    void backward(double l1, NDArray lambdaS11, float bandwidth) {
        NDArray grad = config.prefixSizes().isEmpty() ? plain() : prefixes();
        if (l1 > 0) {
            NDArray normsS1F = st.wDec().square().sum(new int[] {2}, true).sqrt().transpose(0, 2, 1);
            l1S = z.mul(normsS1F).sum(new int[] {1, 2});
            dpre = dpre.add(normsS1F.mul((float) (l1 / n)));
            NDArray codeSumS1F = z.sum(new int[] {1}, true);
            NDArray scaleSF1 = codeSumS1F.div(normsS1F.maximum(1e-12f)).mul((float) (l1 / n)).transpose(0, 2, 1);
            dWdec = dWdec.add(scaleSF1.mul(st.wDec()));
        }
        if (theta != null) {
            thresholdGradients(grad, lambdaS11, bandwidth);
        }
        dpre = dpre.mul(mask);
        dBdecRec = grad.sum(new int[] {1}, true);
    }

    /** One reconstruction: leaves dz in {@code dpre} (not yet gated), returns G = 2e/N. */
    private NDArray plain() {
        e = z.batchMatMul(st.wDec()).add(st.bDec()).sub(x);
        lossS = e.square().sum(new int[] {1, 2});
        NDArray grad = e.mul(2f / n);
        dpre = grad.batchMatMul(st.wDec().transpose(0, 2, 1));
        dWdec = z.transpose(0, 2, 1).batchMatMul(grad);
        return grad;
    }

    /** Matryoshka's nested prefixes ({@link PrefixStep}): returns G_1 (all levels), the gradient that reaches b_dec. */
    private NDArray prefixes() {
        int[] p = config.prefixSizes().stream().mapToInt(Integer::intValue).toArray();
        int levels = p.length;
        NDArray[] eLevel = new NDArray[levels];
        NDArray xhat = st.bDec().sub(x);
        for (int l = 0; l < levels; l++) {
            String seg = ":, :, " + (l == 0 ? 0 : p[l - 1]) + ":" + p[l];
            String rows = ":, " + (l == 0 ? 0 : p[l - 1]) + ":" + p[l] + ", :";
            xhat = xhat.add(z.get(seg).batchMatMul(st.wDec().get(rows)));
            eLevel[l] = xhat;
        }
        lossS = eLevel[0].square().sum(new int[] {1, 2});
        for (int l = 1; l < levels; l++) {
            lossS = lossS.add(eLevel[l].square().sum(new int[] {1, 2}));
        }
        lossS = lossS.div(levels);
        e = eLevel[levels - 1];
        NDList dz = new NDList();
        NDList dDec = new NDList();
        NDArray[] gLevel = new NDArray[levels];
        NDArray acc = null;
        for (int l = levels - 1; l >= 0; l--) {
            acc = acc == null ? eLevel[l] : acc.add(eLevel[l]);
            gLevel[l] = acc.mul(2f / (levels * (float) n));
        }
        for (int l = 0; l < levels; l++) {
            String seg = ":, :, " + (l == 0 ? 0 : p[l - 1]) + ":" + p[l];
            String rows = ":, " + (l == 0 ? 0 : p[l - 1]) + ":" + p[l] + ", :";
            dz.add(gLevel[l].batchMatMul(st.wDec().get(rows).transpose(0, 2, 1)));
            dDec.add(z.get(seg).transpose(0, 2, 1).batchMatMul(gLevel[l]));
        }
        dpre = NDArrays.concat(dz, 2);
        dWdec = NDArrays.concat(dDec, 1);
        return gLevel[0];
    }

    /**
     * JumpReLU ({@link JumpTerms}): {@code dL/dlog theta_f = theta_f sum_n K_nf (-(theta_f/eps) dz_nf - lambda/(N eps))}
     * with {@code K = [|pre - theta| < eps/2]} and dz the reconstruction's (before the gate).
     */
    private void thresholdGradients(NDArray grad, NDArray lambdaS11, float eps) {
        NDArray near = pre.sub(theta).abs().lt(eps / 2).toType(DataType.FLOAT32, false);
        NDArray l0Term = lambdaS11.div((float) n * eps);
        NDArray inner = dpre.mul(theta).mul(-1f / eps).sub(l0Term);
        dLogTheta = inner.mul(near).sum(new int[] {1}, true).mul(theta);
    }

    /** AuxK (Gao et al. 2024) on the latents of {@code deadS1F} (1 = dead), weight alpha. */
    void auxK(NDArray deadS1F, double alpha) {
        int kAux = Math.min(config.kAux(), config.dSae());
        NDArray preDead = pre.add(deadS1F.sub(1f).mul(BIG));
        NDArray kth = preDead.topK(kAux, 2, true, false).get(0).min(new int[] {2}, true);
        NDArray maskA = preDead.gte(kth).logicalAnd(preDead.gt(0)).toType(DataType.FLOAT32, false);
        NDArray zA = pre.mul(maskA);
        NDArray r = e.add(zA.batchMatMul(st.wDec()));
        auxS = r.square().sum(new int[] {1, 2});
        NDArray gA = r.mul((float) (2 * alpha / n));
        dWdec = dWdec.add(zA.transpose(0, 2, 1).batchMatMul(gA));
        dpre = dpre.add(gA.batchMatMul(st.wDec().transpose(0, 2, 1)).mul(maskA));
    }

    /** The gradients of the parameters, in {@link DjlState#params} order (after {@link #backward}, {@link #auxK}). */
    NDArray[] gradients(boolean unitNorm) {
        NDArray xc = x.sub(st.bDec());
        NDArray dWenc = xc.transpose(0, 2, 1).batchMatMul(dpre);
        NDArray dBenc = dpre.sum(new int[] {1}, true);
        NDArray dBdec = dBdecRec.sub(dBenc.batchMatMul(st.wEnc().transpose(0, 2, 1)));
        NDArray dDec = dWdec;
        if (unitNorm) {
            NDArray parallel = dDec.mul(st.wDec()).sum(new int[] {2}, true);
            dDec = dDec.sub(parallel.mul(st.wDec()));
        }
        return theta == null ? new NDArray[] {dWenc, dDec, dBenc, dBdec}
                : new NDArray[] {dWenc, dDec, dBenc, dBdec, dLogTheta};
    }

    /** Smallest kept pre-activation per seed [S] (+BIG where none was kept): BatchTopK's threshold EMA input. */
    NDArray minKept() {
        NDArray kept = z.add(mask.sub(1f).mul(-BIG));
        return kept.reshape(kept.getShape().get(0), -1).min(new int[] {1});
    }
}
