package dev.husai.trainer.sae;

import dev.husai.core.config.SaeConfig;
import dev.husai.core.tensor.FloatMatrix;

/**
 * JumpReLU's scales and its sparsity penalty. HUSAI trains on the raw activations, so {@code theta_0} and
 * {@code epsilon} are multiples ({@link SaeConfig#JUMPRELU_THRESHOLD_INIT}, {@link SaeConfig#JUMPRELU_BANDWIDTH}) of the
 * data's RMS scale {@code s = sqrt(E ||x||^2 / D)} (measured on the sample rows); the paper (Rajamanoharan et al.
 * 2024) normalises inputs so that {@code E ||x||^2 = D} and uses 0.001 for both, which HUSAI replaces with 0.5 and 0.1
 * so that thresholds learn within a sweep's caps (docs/sae.md). The sparsity penalty on the batch's mean L0 ({@code L0 = (1/N) sum_n sum_f H(pre_nf - theta_f)}) is
 * <pre>
 * fixed lambda (--l0-coefficient):  P = lambda L0                  (the paper's; lambda warmed up like L1)
 * target k (the default):           P = c (L0 / k - 1)^2,  c = TARGET_WEIGHT E ||x||^2
 *                                                          (dictionary_learning's JumpReluTrainer with target_l0)
 * </pre>
 * Both reach theta only, through the rectangle-kernel estimate of dH/dtheta ({@link JumpTerms}), as {@code lambda_eff}
 * per unit of L0: {@code lambda} or {@code dP/dL0 = 2c (L0/k - 1) / k}, which pushes thresholds up while L0 > k and
 * down while L0 < k, and vanishes at the target. c in units of {@code E ||x||^2} makes it independent of the data's
 * scale and width (dictionary_learning's sparsity_penalty 1 is c = E ||x||^2 / D on its normalised inputs).
 *
 * @param thetaInit    initial threshold {@code theta_0 s}
 * @param bandwidth    kernel bandwidth {@code epsilon s}
 * @param targetWeight c
 */
record JumpReluSchedule(float thetaInit, float bandwidth, double targetWeight) {
    /** c / E ||x||^2 of the target penalty. */
    static final double TARGET_WEIGHT = 1.0;

    static JumpReluSchedule of(SaeConfig config, FloatMatrix sampleND) {
        double sum = 0;
        for (float v : sampleND.data()) {
            sum += (double) v * v;
        }
        double meanSq = sum / Math.max(1, sampleND.data().length);
        double s = meanSq > 0 ? Math.sqrt(meanSq) : 1;
        return new JumpReluSchedule((float) (SaeConfig.JUMPRELU_THRESHOLD_INIT * s),
                (float) (SaeConfig.JUMPRELU_BANDWIDTH * s), TARGET_WEIGHT * s * s * config.dIn());
    }

    /** {@code lambda_eff = dP/dL0} at a 1-based step for a batch of mean L0 {@code l0}. */
    double lambda(SaeConfig config, int step, double l0) {
        return config.l0Coefficient() > 0 ? config.l0At(step) : 2 * targetWeight * (l0 / config.k() - 1) / config.k();
    }

    /** The penalty P at a 1-based step for a batch of mean L0 {@code l0}. */
    double penalty(SaeConfig config, int step, double l0) {
        double rel = l0 / config.k() - 1;
        return config.l0Coefficient() > 0 ? config.l0At(step) * l0 : targetWeight * rel * rel;
    }

    /**
     * A seed's thresholds and penalty for a step's batch (rows {@code [0, n)} of {@code pre [N, F]} at {@code off}):
     * records the step's {@code lambda_eff} and penalty on the seed.
     */
    JumpTerms terms(SaeConfig config, int step, SeedState s, float[] pre, int off, int n) {
        float[] theta = s.thetas();
        double l0 = batchL0(pre, off, n, config.dSae(), theta);
        s.l0Coefficient = lambda(config, step, l0);
        s.lastPenalty = penalty(config, step, l0);
        return new JumpTerms(theta, bandwidth, s.l0Coefficient, l0);
    }

    /** The batch's mean L0 under thresholds {@code thetaF}: rows {@code [0, n)} of {@code pre [N, F]} at {@code off}. */
    static double batchL0(float[] pre, int off, int n, int f, float[] thetaF) {
        long count = 0;
        for (int r = 0; r < n; r++) {
            int at = off + r * f;
            if (Selection.VECTOR) {
                count += VectorSelection.countAbove(pre, at, f, thetaF);
                continue;
            }
            for (int j = 0; j < f; j++) {
                count += pre[at + j] > thetaF[j] ? 1 : 0;
            }
        }
        return count / (double) n;
    }
}
