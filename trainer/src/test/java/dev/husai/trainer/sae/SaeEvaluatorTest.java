package dev.husai.trainer.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.tensor.FloatMatrix;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A snapshot's reconstruction metrics against a plain reference computed row by row: the evaluator's fused blocks and
 * parallel row ranges (5,000 rows) and its chunked path (300 rows) give exactly the reference's {@code mse}, {@code fvu} and {@code l0} (the squared
 * errors summed in row order).
 */
class SaeEvaluatorTest {

    /** Rows: two chunks on the fused BLAS path; under 512 rows the chunked path (one range). */
    private static final int N = 5_000;
    private static final int FEW = 300;
    private static final int D = 12;
    private static final int F = 30;
    private static final int K = 4;

    @Test
    void topKMetricsAreTheRowByRowReference() {
        assertMetricsAreTheReference(SaeConfig.Arch.TOPK, N);
        assertMetricsAreTheReference(SaeConfig.Arch.TOPK, FEW);
    }

    @Test
    void reluMetricsAreTheRowByRowReference() {
        assertMetricsAreTheReference(SaeConfig.Arch.RELU_L1, N);
        assertMetricsAreTheReference(SaeConfig.Arch.RELU_L1, FEW);
    }

    private static void assertMetricsAreTheReference(SaeConfig.Arch arch, int n) {
        SaeConfig config = SaeConfig.builder(HookPoint.RESID_POST, D).arch(arch).dSae(F).k(K).batchSize(64).steps(10)
                .seeds(List.of(1L)).build();
        SeedState s = state(config);
        FloatMatrix evalND = rows(n);
        DenseKernel kernel = new DenseKernel.BlasKernel();
        Map<String, Double> metrics = new SaeEvaluator(config, evalND, null).evaluate(s, kernel);
        double[] reference = reference(config, s, evalND, kernel);
        String at = arch + " on " + n + " rows: ";
        assertEquals(reference[0], metrics.get("mse"), 0.0, at + "mse");
        assertEquals(reference[2] / SaeEvaluator.centeredSumOfSquares(evalND), metrics.get("fvu"), 0.0, at + "fvu");
        assertEquals(reference[1], metrics.get("l0"), 0.0, at + "l0");
        assertTrue(reference[1] > 0 && reference[1] <= (arch == SaeConfig.Arch.TOPK ? K : F), "some codes: " + reference[1]);
    }

    /**
     * {mse, l0, sse} row by row: the kernel's pre-activations, the top k positive (or every positive) value, xhat, and the
     * squared errors summed in order within each chunk of {@link SaeEvaluator#CHUNK} rows, the chunks' sums in order.
     */
    private static double[] reference(SaeConfig config, SeedState s, FloatMatrix evalND, DenseKernel kernel) {
        int n = evalND.rows();
        float[] bias = new float[F];
        s.foldedBias(bias, 0);
        double sse = 0;
        long active = 0;
        float[] pre = new float[F];
        double chunkSse = 0;
        for (int r = 0; r < n; r++) {
            if (r % SaeEvaluator.CHUNK == 0) {
                sse += chunkSse;
                chunkSse = 0;
            }
            float[] x = Arrays.copyOfRange(evalND.data(), r * D, (r + 1) * D);
            kernel.preActivations(x, new float[][] {s.wEncFD}, bias, 1, 1, D, F, pre);
            float cut = 0f;
            if (config.arch() == SaeConfig.Arch.TOPK) {
                float[] sorted = pre.clone();
                Arrays.sort(sorted);
                cut = Math.max(0f, sorted[F - K - 1]);
            }
            float[] xhat = s.bDecD.clone();
            for (int j = 0; j < F; j++) {
                if (pre[j] > cut) {
                    active++;
                    for (int c = 0; c < D; c++) {
                        xhat[c] += pre[j] * s.wDec[j][c];
                    }
                }
            }
            for (int c = 0; c < D; c++) {
                double e = xhat[c] - x[c];
                chunkSse += e * e;
            }
        }
        sse += chunkSse;
        return new double[] {sse / ((double) n * D), active / (double) n, sse};
    }

    private static SeedState state(SaeConfig config) {
        Random rng = new Random(31);
        float[] median = new float[D];
        for (int c = 0; c < D; c++) {
            median[c] = (float) rng.nextGaussian() * 0.1f;
        }
        SeedState s = SeedState.init(config, 1L, median, 64, 1f);
        for (int j = 0; j < F; j++) {
            s.bEncF[j] = (float) rng.nextGaussian() * 0.3f;
        }
        return s;
    }

    private static FloatMatrix rows(int n) {
        Random rng = new Random(32);
        float[] x = new float[n * D];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return new FloatMatrix(n, D, x);
    }
}
