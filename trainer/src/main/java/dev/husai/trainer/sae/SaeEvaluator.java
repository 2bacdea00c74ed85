package dev.husai.trainer.sae;

import dev.husai.core.config.SaeConfig;
import dev.husai.core.tensor.FloatMatrix;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reconstruction metrics of one seed on the evaluation rows, with the SAE in inference mode (TopK: top k;
 * BatchTopK: pre-activation above the learned threshold; ReLU: positive part):
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

    Map<String, Double> evaluate(SeedState s, TorchEncoder encoder) {
        int n = evalND.rows();
        int d = evalND.cols();
        float[] reconND = new float[n * d];
        float[] biasF = new float[s.f];
        s.foldedBias(biasF, 0);
        TorchEncoder.Selection sel = switch (config.arch()) {
            case TOPK -> new TorchEncoder.Selection(TorchEncoder.Mode.TOP_K, config.k(), null);
            case BATCH_TOPK -> new TorchEncoder.Selection(TorchEncoder.Mode.THRESHOLD, 0,
                    new float[] {Float.isNaN(s.threshold) ? 0f : s.threshold});
            case RELU_L1 -> new TorchEncoder.Selection(TorchEncoder.Mode.THRESHOLD, 0, new float[] {0f});
        };
        double sse = 0;
        long active = 0;
        for (int r0 = 0; r0 < n; r0 += CHUNK) {
            int rows = Math.min(CHUNK, n - r0);
            float[] x = new float[rows * d];
            System.arraycopy(evalND.data(), r0 * d, x, 0, rows * d);
            Codes codes = encoder.encode(x, 1, rows, s.wEncFD, biasF, sel, null, 0).main()[0];
            active += codes.nnz();
            for (int r = 0; r < rows; r++) {
                int at = (r0 + r) * d;
                System.arraycopy(s.bDecD, 0, reconND, at, d);
                for (int i = codes.rowPtr()[r]; i < codes.rowPtr()[r + 1]; i++) {
                    SparseStep.axpy(codes.val()[i], s.wDecFD, codes.col()[i] * d, reconND, at, d);
                }
                for (int c = 0; c < d; c++) {
                    double e = reconND[at + c] - x[r * d + c];
                    sse += e * e;
                }
            }
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

    /** {@code sum_n ||x_n - mean(x)||^2}. */
    static double centeredSumOfSquares(FloatMatrix xND) {
        int n = xND.rows();
        int d = xND.cols();
        double[] mean = new double[d];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                mean[c] += xND.data()[r * d + c];
            }
        }
        double total = 0;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                double e = xND.data()[r * d + c] - mean[c] / n;
                total += e * e;
            }
        }
        return total;
    }
}
