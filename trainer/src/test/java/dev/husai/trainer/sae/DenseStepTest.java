package dev.husai.trainer.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ReLU-L1's dense BLAS gradients equal the sparse per-latent ones (same formulas, another order of the sums). */
class DenseStepTest {

    @Test
    void denseGradientsEqualTheSparseOnes() {
        int n = 40;
        int d = 12;
        int f = 30;
        SaeConfig config = SaeConfig.builder(HookPoint.RESID_POST, d).arch(SaeConfig.Arch.RELU_L1).dSae(f).batchSize(n)
                .steps(10).seeds(List.of(1L)).build();
        Random rng = new Random(21);
        float[] median = new float[d];
        for (int c = 0; c < d; c++) {
            median[c] = (float) rng.nextGaussian() * 0.1f;
        }
        SeedState s = SeedState.init(config, 1L, median, n, 1f);
        for (int j = 0; j < f; j++) {
            s.bEncF[j] = (float) rng.nextGaussian() * 0.3f;
            for (int c = 0; c < d; c++) {
                s.wDec[j][c] *= 0.5f + j % 3;
            }
        }
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        float[] pre = new float[n * f];
        float[] bias = new float[f];
        s.foldedBias(bias, 0);
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < f; j++) {
                float v = bias[j];
                for (int c = 0; c < d; c++) {
                    v += x[r * d + c] * s.wEnc[j][c];
                }
                pre[r * f + j] = v;
            }
        }
        double l1 = 0.7;
        float[] norms = s.decoderNorms();
        Codes codes = TrainingCodes.select(config, pre, 0, n, 0f, null, 0);
        assertTrue(codes.nnz() > n * f / 4 && codes.nnz() < n * f, "a mix of active and inactive latents: " + codes.nnz());
        Gradients sparse = new Gradients(d, f);
        SparseStep.run(s, x, 0, codes, null, n, l1, norms, 0, null, null, null, sparse);
        Gradients dense = new Gradients(d, f);
        new DenseStep().run(s, x, 0, pre.clone(), 0, n, l1, norms, dense);
        assertEquals(sparse.lossSum, dense.lossSum, 1e-4 * sparse.lossSum);
        assertEquals(sparse.l1Sum, dense.l1Sum, 1e-4 * sparse.l1Sum);
        assertEquals(codes.nnz(), dense.nnz, "the codes counted, not kept");
        assertEquals(codes.minValue(), dense.minCode);
        for (int j = 0; j < f; j++) {
            assertEquals(sparse.touched[j], dense.touched[j], "latent " + j);
            assertEquals(sparse.dBencF[j], dense.dBencF[j], 1e-5, "db_enc " + j);
            assertEquals(sparse.codeSumF[j], dense.codeSumF[j], 1e-4, "code sum " + j);
            for (int c = 0; c < d; c++) {
                assertEquals(sparse.dWdec[j][c], dense.dWdec[j][c], 1e-5, "dW_dec " + j + "," + c);
                assertEquals(sparse.dWenc[j][c], dense.dWenc[j][c], 1e-5, "dW_enc " + j + "," + c);
            }
        }
        for (int c = 0; c < d; c++) {
            assertEquals(sparse.dBdecD[c], dense.dBdecD[c], 1e-5, "db_dec " + c);
        }
    }
}
