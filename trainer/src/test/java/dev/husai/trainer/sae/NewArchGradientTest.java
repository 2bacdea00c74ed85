package dev.husai.trainer.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.config.SaeConfig.Arch;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written gradients of the two newer losses against finite differences: Matryoshka's mean over nested
 * prefixes (exact, the active set held fixed), and JumpReLU's straight-through threshold gradients against the
 * derivative of the expected loss over densely spread inputs (what the estimator approximates).
 */
class NewArchGradientTest {

    @Test
    void matryoshkaPrefixLossGradientsMatchFiniteDifferences() {
        int d = 3;
        int f = 5;
        int n = 4;
        int[] prefixes = {1, 3, 5};
        SaeConfig c = SaeConfig.builder(HookPoint.external("t"), d).arch(Arch.MATRYOSHKA_BATCH_TOPK).dSae(f).k(2)
                .prefixes(List.of(1, 3)).build();
        assertEquals(List.of(1, 3, 5), c.prefixSizes());
        Random rng = new Random(3);
        SeedState s = SeedState.init(c, 1, new float[] {0.1f, -0.2f, 0.3f}, n, 1f);
        for (int j = 0; j < f; j++) {
            s.bEncF[j] = 0.5f + 0.1f * j;   // every pre-activation positive: all latents active, gates fixed
        }
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        Gradients g = new Gradients(d, f);
        SparseStep.run(s, x, 0, codes(s, x, n), null, n, 0, null, 0, prefixes, null, null, g);
        SparseStep.finish(s, g, 0, null, n);
        double h = 1e-3;
        for (int j = 0; j < f; j++) {
            for (int col = 0; col < d; col++) {
                assertEquals(fd(s, x, n, prefixes, s.wDec[j], col, h), g.dWdec[j][col], 2e-3, "dW_dec[" + j + "][" + col + "]");
                assertEquals(fd(s, x, n, prefixes, s.wEncFD, j * d + col, h), g.dWenc[j][col], 2e-3, "dW_enc[" + j + "][" + col + "]");
            }
            assertEquals(fd(s, x, n, prefixes, s.bEncF, j, h), g.dBencF[j], 2e-3, "db_enc[" + j + "]");
        }
        for (int col = 0; col < d; col++) {
            assertEquals(fd(s, x, n, prefixes, s.bDecD, col, h), g.dBdecD[col], 2e-3, "db_dec[" + col + "]");
        }
        assertEquals(loss(s, x, n, prefixes) * n, g.lossSum, 1e-4);
    }

    /** Codes with every latent active at its pre-activation (the test keeps all of them positive). */
    private static Codes codes(SeedState s, float[] x, int n) {
        Codes.Builder b = new Codes.Builder(n, n * s.f);
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < s.f; j++) {
                b.add(j, pre(s, x, r, j));
            }
            b.endRow();
        }
        return b.build();
    }

    private static float pre(SeedState s, float[] x, int r, int j) {
        float v = s.bEncF[j];
        for (int c = 0; c < s.d; c++) {
            v += (x[r * s.d + c] - s.bDecD[c]) * s.wEncFD[j * s.d + c];
        }
        return v;
    }

    /** {@code (1/N) sum_n (1/M) sum_m ||xhat_m - x||^2}, every latent active. */
    private static double loss(SeedState s, float[] x, int n, int[] prefixes) {
        double total = 0;
        for (int r = 0; r < n; r++) {
            for (int m : prefixes) {
                for (int c = 0; c < s.d; c++) {
                    double xhat = s.bDecD[c];
                    for (int j = 0; j < m; j++) {
                        xhat += pre(s, x, r, j) * s.wDec[j][c];
                    }
                    double e = xhat - x[r * s.d + c];
                    total += e * e / prefixes.length;
                }
            }
        }
        return total / n;
    }

    private static double fd(SeedState s, float[] x, int n, int[] prefixes, float[] param, int i, double h) {
        float keep = param[i];
        param[i] = (float) (keep + h);
        double up = loss(s, x, n, prefixes);
        param[i] = (float) (keep - h);
        double down = loss(s, x, n, prefixes);
        param[i] = keep;
        return (up - down) / (2 * h);
    }

    /**
     * d = 1, one latent, W_enc = W_dec = 1, x uniform on (0, 1): z = x [x > theta], so the reconstruction loss is
     * {@code E[x^2 [x <= theta]]} with derivative {@code theta^2} in theta and the L0 {@code P(x > theta)} has
     * derivative -1. The estimator (bandwidth 0.01 over 20,000 evenly spread rows) must give
     * {@code dL/dlog theta = theta (theta^2 - lambda)}, and finite differences of the true losses agree.
     */
    @Test
    void jumpReluThresholdGradientMatchesTheExpectedLossDerivative() {
        int n = 20_000;
        float theta = 0.5f;
        double lambda = 0.3;
        float eps = 0.01f;
        SaeConfig c = SaeConfig.builder(HookPoint.external("t"), 1).arch(Arch.JUMPRELU).dSae(2).k(1).build();
        SeedState s = SeedState.init(c, 0, new float[1], n, theta);
        s.wEncFD[0] = 1;
        s.wDec[0][0] = 1;
        s.wEncFD[s.d] = -1;   // latent 1 never fires
        s.wDec[1][0] = 1;
        float[] x = new float[n];
        for (int r = 0; r < n; r++) {
            x[r] = (r + 0.5f) / n;
        }
        float[] thetaF = s.thetas();
        assertEquals(theta, thetaF[0], 1e-6);
        JumpTerms terms = new JumpTerms(thetaF, eps, lambda, 0);
        Codes.Builder out = new Codes.Builder(n, n);
        Codes.Builder near = new Codes.Builder(n, n);
        float[] pre = new float[2];
        for (int r = 0; r < n; r++) {
            pre[0] = x[r];
            pre[1] = -x[r];
            Selection.jump(pre, 0, 2, thetaF, terms.halfBand(), out, near);
        }
        Gradients g = new Gradients(1, 2);
        SparseStep.run(s, x, 0, out.build(), null, n, 0, null, 0, null, near.build(), terms, g);
        double h = 0.01;
        double dRecon = (reconLoss(x, theta + h) - reconLoss(x, theta - h)) / (2 * h);
        double dL0 = (l0(x, theta + h) - l0(x, theta - h)) / (2 * h);
        assertEquals(theta * theta, dRecon, 1e-3, "finite difference of the reconstruction loss");
        assertEquals(-1, dL0, 1e-3, "finite difference of the L0");
        assertEquals(theta * (dRecon + lambda * dL0), g.dLogThetaF[0], 0.01, "straight-through dL/dlog theta");
        assertEquals(0, g.dLogThetaF[1], 0, "a latent far from its threshold gets none");
    }

    private static double reconLoss(float[] x, double theta) {
        double sum = 0;
        for (float v : x) {
            sum += v > theta ? 0 : v * v;
        }
        return sum / x.length;
    }

    private static double l0(float[] x, double theta) {
        double sum = 0;
        for (float v : x) {
            sum += v > theta ? 1 : 0;
        }
        return sum / x.length;
    }
}
