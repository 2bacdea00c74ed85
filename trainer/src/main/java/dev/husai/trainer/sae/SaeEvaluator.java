package dev.husai.trainer.sae;

import dev.husai.core.config.SaeConfig;
import dev.husai.core.tensor.FloatMatrix;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reconstruction metrics of one seed on the evaluation rows, with the SAE in inference mode (TopK: top k;
 * BatchTopK and Matryoshka: pre-activation above the learned threshold; JumpReLU: above each latent's theta;
 * ReLU: positive part):
 * <pre>
 * mse = sum_n ||x_n - xhat_n||^2 / (N D)        fvu = sum_n ||x_n - xhat_n||^2 / sum_n ||x_n - mean(x)||^2
 * l0  = mean over rows of the number of active latents
 * </pre>
 * plus the {@link ReconstructionProbe}'s metrics on the reconstruction.
 */
final class SaeEvaluator {
    private static final int CHUNK = 4096;
    private final SaeConfig config;
    private final FloatMatrix evalND;
    private final ReconstructionProbe probe;
    private final double totalVariance;

    SaeEvaluator(SaeConfig config, FloatMatrix evalND, ReconstructionProbe probe) {
        this.config = config;
        this.evalND = evalND;
        this.probe = probe;
        this.totalVariance = centeredSumOfSquares(evalND);
    }

    Map<String, Double> evaluate(SeedState s, DenseKernel kernel) {
        int n = evalND.rows();
        int d = s.d;
        int f = s.f;
        float[] reconND = new float[n * d];
        float[] biasF = new float[f];
        s.foldedBias(biasF, 0);
        Selection.Scratch scratch = new Selection.Scratch(f);
        float[] thetaF = s.thetas();
        float[] pre = new float[Math.min(CHUNK, n) * f];
        double sse = 0;
        long active = 0;
        for (int r0 = 0; r0 < n; r0 += CHUNK) {
            int rows = Math.min(CHUNK, n - r0);
            float[] x = new float[rows * d];
            System.arraycopy(evalND.data(), r0 * d, x, 0, rows * d);
            kernel.preActivations(x, new float[][] {s.wEncFD}, biasF, 1, rows, d, f, pre);
            Codes.Builder b = new Codes.Builder(rows, rows * Math.max(1, config.k()));
            for (int r = 0; r < rows; r++) {
                switch (config.arch()) {
                    case TOPK -> Selection.topK(pre, r * f, f, null, 0, config.k(), scratch, b);
                    case BATCH_TOPK, MATRYOSHKA_BATCH_TOPK ->
                            Selection.above(pre, r * f, f, Float.isNaN(s.threshold) ? 0f : s.threshold, b);
                    case JUMPRELU -> Selection.jump(pre, r * f, f, thetaF, 0f, b, null);
                    case RELU_L1 -> Selection.above(pre, r * f, f, 0f, b);
                }
            }
            Codes codes = b.build();
            active += codes.nnz();
            sse += decode(s, codes, x, reconND, r0 * d);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("mse", sse / ((double) n * d));
        out.put("fvu", sse / totalVariance);
        out.put("l0", active / (double) n);
        if (probe != null) {
            out.putAll(probe.evaluate(new FloatMatrix(n, d, reconND)));
        }
        return out;
    }

    /** Writes {@code xhat} for the rows into {@code reconND} at {@code at}; returns the summed squared error. */
    private static double decode(SeedState s, Codes codes, float[] xND, float[] reconND, int at) {
        int d = s.d;
        float[] row = new float[d];
        double sse = 0;
        for (int r = 0; r < codes.rows(); r++) {
            System.arraycopy(s.bDecD, 0, row, 0, d);
            for (int i = codes.rowPtr()[r]; i < codes.rowPtr()[r + 1]; i++) {
                SparseStep.axpy(codes.val()[i], s.wDec[codes.col()[i]], row);
            }
            for (int c = 0; c < d; c++) {
                double e = row[c] - xND[r * d + c];
                sse += e * e;
            }
            System.arraycopy(row, 0, reconND, at + r * d, d);
        }
        return sse;
    }

    /** {@code sum_n ||x_n - mean(x)||^2}. */
    static double centeredSumOfSquares(FloatMatrix xND) {
        int n = xND.rows();
        int d = xND.cols();
        double[] mean = new double[d];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                mean[c] += xND.data()[r * d + c] / (double) n;
            }
        }
        double total = 0;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                double e = xND.data()[r * d + c] - mean[c];
                total += e * e;
            }
        }
        return total;
    }
}
