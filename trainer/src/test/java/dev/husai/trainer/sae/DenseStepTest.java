package dev.husai.trainer.sae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The dense BLAS gradients (ReLU-L1, and JumpReLU with dense codes) equal the sparse per-latent ones (same formulas,
 * another order of the sums), for 1 to 3 parallel row ranges.
 */
class DenseStepTest {

    private static final int N = 40;
    private static final int D = 12;
    private static final int F = 30;

    @Test
    void denseGradientsEqualTheSparseOnes() {
        for (int parts : new int[] {1, 2, 3}) {
            SaeConfig config = config(SaeConfig.Arch.RELU_L1);
            SeedState s = state(config);
            float[] x = rows();
            float[] pre = preActivations(s, x);
            double l1 = 0.7;
            float[] norms = s.decoderNorms();
            Codes codes = TrainingCodes.select(config, pre, 0, N, 0f, null, 0);
            assertTrue(codes.nnz() > N * F / 4 && codes.nnz() < N * F, "a mix of active and inactive latents: " + codes.nnz());
            Gradients sparse = new Gradients(D, F);
            SparseStep.run(s, x, 0, codes, null, N, l1, norms, 0, null, null, null, sparse);
            Gradients dense = new Gradients(D, F);
            new DenseStep().run(s, x, 0, pre.clone(), 0, N, l1, norms, null, dense, parts);
            assertEquals(sparse.l1Sum, dense.l1Sum, 1e-4 * sparse.l1Sum, parts + " parts");
            assertSameGradients(sparse, dense, codes);
        }
    }

    /** JumpReLU on the dense path: codes above each latent's theta, and theta's gradient from the near pre-activations. */
    @Test
    void denseJumpReluGradientsEqualTheSparseOnes() {
        for (int parts : new int[] {1, 2}) {
            SaeConfig config = config(SaeConfig.Arch.JUMPRELU);
            SeedState s = state(config);
            float[] x = rows();
            float[] pre = preActivations(s, x);
            float[] theta = new float[F];
            for (int j = 0; j < F; j++) {
                theta[j] = 0.2f + 0.15f * (j % 4);
            }
            JumpTerms terms = new JumpTerms(theta, 0.3f, 0.05, 0);
            Codes[] both = TrainingCodes.jump(config, pre, 0, N, terms);
            assertTrue(both[0].nnz() > N * F / 8 && both[0].nnz() < N * F / 2, "codes above theta: " + both[0].nnz());
            assertTrue(both[1].nnz() > N, "pre-activations near theta: " + both[1].nnz());
            Gradients sparse = new Gradients(D, F);
            SparseStep.run(s, x, 0, both[0], null, N, 0, null, 0, null, both[1], terms, sparse);
            Gradients dense = new Gradients(D, F);
            float[] kept = pre.clone();
            new DenseStep().run(s, x, 0, kept, 0, N, 0, null, terms, dense, parts);
            assertArrayEquals(pre, kept, "JumpReLU's pre-activations are kept (the near band needs them)");
            assertSameGradients(sparse, dense, both[0]);
            for (int j = 0; j < F; j++) {
                assertEquals(sparse.dLogThetaF[j], dense.dLogThetaF[j], 1e-5, "dlog theta " + j);
            }
        }
    }

    private static void assertSameGradients(Gradients sparse, Gradients dense, Codes codes) {
        assertEquals(sparse.lossSum, dense.lossSum, 1e-4 * sparse.lossSum);
        assertEquals(codes.nnz(), dense.nnz, "the codes counted, not kept");
        assertEquals(codes.minValue(), dense.minCode);
        for (int j = 0; j < F; j++) {
            assertEquals(sparse.touched[j], dense.touched[j], "latent " + j);
            assertEquals(sparse.dBencF[j], dense.dBencF[j], 1e-5, "db_enc " + j);
            for (int c = 0; c < D; c++) {
                assertEquals(sparse.dWdec[j][c], dense.dWdec[j][c], 1e-5, "dW_dec " + j + "," + c);
                assertEquals(sparse.dWenc[j][c], dense.dWenc[j][c], 1e-5, "dW_enc " + j + "," + c);
            }
        }
        for (int c = 0; c < D; c++) {
            assertEquals(sparse.dBdecD[c], dense.dBdecD[c], 1e-5, "db_dec " + c);
        }
    }

    private static SaeConfig config(SaeConfig.Arch arch) {
        return SaeConfig.builder(HookPoint.RESID_POST, D).arch(arch).dSae(F).k(8).batchSize(N).steps(10).seeds(List.of(1L)).build();
    }

    private static SeedState state(SaeConfig config) {
        Random rng = new Random(21);
        float[] median = new float[D];
        for (int c = 0; c < D; c++) {
            median[c] = (float) rng.nextGaussian() * 0.1f;
        }
        SeedState s = SeedState.init(config, 1L, median, N, 1f);
        for (int j = 0; j < F; j++) {
            s.bEncF[j] = (float) rng.nextGaussian() * 0.3f;
            for (int c = 0; c < D; c++) {
                s.wDec[j][c] *= 0.5f + j % 3;
            }
        }
        return s;
    }

    private static float[] rows() {
        Random rng = new Random(22);
        float[] x = new float[N * D];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    private static float[] preActivations(SeedState s, float[] x) {
        float[] pre = new float[N * F];
        float[] bias = new float[F];
        s.foldedBias(bias, 0);
        for (int r = 0; r < N; r++) {
            for (int j = 0; j < F; j++) {
                float v = bias[j];
                for (int c = 0; c < D; c++) {
                    v += x[r * D + c] * s.wEncFD[j * D + c];
                }
                pre[r * F + j] = v;
            }
        }
        return pre;
    }
}
