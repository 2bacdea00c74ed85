package dev.husai.trainer.sae;

/**
 * JumpReLU's training terms for one step of one seed (Rajamanoharan et al. 2024, "Jumping Ahead", arXiv 2407.14435).
 * The code is {@code z_f = pre_f H(pre_f - theta_f)} with {@code theta = exp(log theta)} a trained parameter, and the
 * loss adds {@code (lambda/N) sum_n sum_f H(pre_nf - theta_f)} (the L0 penalty). H has no useful derivative, so theta
 * gets the straight-through estimates with the rectangle kernel {@code K(u) = [|u| < 1/2]} of bandwidth epsilon:
 * <pre>
 * dz_f/dtheta_f := -(theta_f / eps) K((pre_f - theta_f) / eps)      dH/dtheta_f := -(1 / eps) K((pre_f - theta_f) / eps)
 * dL/dlog theta_f = theta_f sum_n K(..) ( -(theta_f / eps) dL/dz_nf - lambda / (N eps) )
 * </pre>
 * with {@code dL/dz_nf = (2 e_n / N) . W_dec[f]} also for latents that are off in row n. The pre-activations and the
 * encoder get only the reconstruction's gradient through the active codes ({@code dz/dpre = H}); the L0 term reaches
 * theta alone.
 *
 * @param thetaF    thresholds {@code theta [F]} at this step
 * @param bandwidth epsilon, in the data's units
 * @param lambda    the L0 coefficient at this step
 * @param batchL0   the batch's mean L0 under these thresholds (it picks the sparse or the dense pass)
 */
record JumpTerms(float[] thetaF, float bandwidth, double lambda, double batchL0) {

    /** Half the kernel's support: pre-activations within this of theta get a threshold gradient. */
    float halfBand() {
        return bandwidth / 2;
    }

    /**
     * Adds row {@code r}'s threshold gradients to {@code g.dLogThetaF}: {@code near} holds the row's pre-activations
     * within half a bandwidth of their thresholds, {@code grad} the row's {@code dL/dxhat = 2e/N}.
     */
    void thresholdGradients(SeedState s, Codes near, int r, float[] grad, int n, Gradients g) {
        float l0Term = l0Term(n);
        for (int i = near.rowPtr()[r]; i < near.rowPtr()[r + 1]; i++) {
            int f = near.col()[i];
            g.dLogThetaF[f] += logThetaTerm(f, SparseStep.dot(grad, s.wDec[f]), l0Term);
        }
    }

    /** {@code lambda / (N eps)}, the L0 term's share of one near pre-activation, for a batch of {@code n} rows. */
    float l0Term(int n) {
        return (float) (lambda / n) * (1f / bandwidth);
    }

    /** One near pre-activation's share of {@code dL/dlog theta_f}: {@code theta (-(theta / eps) dL/dz - l0Term)}. */
    float logThetaTerm(int f, float dLdz, float l0Term) {
        float theta = thetaF[f];
        return theta * (-theta * (1f / bandwidth) * dLdz - l0Term);
    }
}
