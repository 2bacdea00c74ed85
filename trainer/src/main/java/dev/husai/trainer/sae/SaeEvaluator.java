package dev.husai.trainer.sae;

import dev.husai.core.align.BlasThreads;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.tensor.FloatMatrix;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * Reconstruction metrics of one seed on the evaluation rows, with the SAE in inference mode (TopK: top k;
 * BatchTopK and Matryoshka: pre-activation above the learned threshold; JumpReLU: above each latent's theta;
 * ReLU: positive part):
 * <pre>
 * mse = sum_n ||x_n - xhat_n||^2 / (N D)        fvu = sum_n ||x_n - xhat_n||^2 / sum_n ||x_n - mean(x)||^2
 * l0  = mean over rows of the number of active latents
 * </pre>
 * plus the {@link ReconstructionProbe}'s metrics on the reconstruction. The codes and {@code xhat} of the rows come
 * from parallel row ranges (each row's depend on that row alone: {@link #reconstructFused} on BLAS, else
 * {@link #reconstructChunks}), then the squared errors of each chunk of {@link #CHUNK} rows are one double sum in row
 * order and the chunks' sums are added in order, so the figures are the same bits on any number of ranges. A study
 * group of 4,096 latents (5 seeds, 17 snapshots) spent 11.2 s of its 31 s of training here with the codes and
 * {@code xhat} on one thread, 9.8 s in two ranges, 8.5-8.7 s fused (the product, 6.4 s, is at the sgemm roofline).
 */
final class SaeEvaluator {
    /** Rows per dense product; each chunk's squared errors are summed on their own, the chunks' sums in order. */
    static final int CHUNK = 4096;
    /** Row ranges a chunk's codes and reconstructions are split into (the cores training uses, at most 2). */
    private static final int PARTS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    /** Fewest rows worth a range of their own. */
    private static final int MIN_PART_ROWS = 256;
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
        float[] thetaF = s.thetas();
        long active = kernel instanceof DenseKernel.BlasKernel blas && n >= 2 * MIN_PART_ROWS
                ? BlasThreads.singleThreaded(() -> reconstructFused(s, blas, biasF, thetaF, reconND))
                : reconstructChunks(s, kernel, biasF, thetaF, reconND);
        double sse = 0;
        for (int r0 = 0; r0 < n; r0 += CHUNK) {
            sse += squaredError(reconND, evalND.data(), r0 * d, Math.min(CHUNK, n - r0) * d);
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

    /**
     * Every evaluation row's {@code xhat} into {@code reconND} on the BLAS kernel, fused: {@link #PARTS} contiguous row
     * ranges on parallel threads (OpenBLAS on one thread per call), each a block of {@link BlasEngine#fusedRows} rows at
     * a time (training's fused block, within a core's L2): the block's product, its codes and
     * their {@code xhat} while it is in cache. Each pre-activation is one sgemm dot product over D whatever the block
     * ({@link DenseKernel.BlasKernel#preActivationRows}), so the same bits as {@link #reconstructChunks}, without the
     * [4,096, F] chunks (64 MiB at 4,096 latents) written to memory and read back. Returns the number of active codes.
     */
    private long reconstructFused(SeedState s, DenseKernel.BlasKernel blas, float[] biasF, float[] thetaF,
                                  float[] reconND) {
        int n = evalND.rows();
        int d = s.d;
        int f = s.f;
        int block = BlasEngine.fusedRows(f);
        long[] activeP = new long[PARTS];
        IntStream.range(0, PARTS).parallel().forEach(p -> {
            float[] pre = new float[block * f];
            Selection.Scratch scratch = new Selection.Scratch(f);
            for (int r0 = n * p / PARTS, end = n * (p + 1) / PARTS; r0 < end; r0 += block) {
                int rows = Math.min(block, end - r0);
                blas.preActivationRows(evalND.data(), r0 * d, s.wEncFD, 0, biasF, 0, rows, d, f, pre, 0);
                Codes codes = codes(s, pre, 0, rows, thetaF, scratch);
                activeP[p] += codes.nnz();
                decode(s, codes, reconND, r0 * d);
            }
        });
        return LongStream.of(activeP).sum();
    }

    /**
     * Every evaluation row's {@code xhat} into {@code reconND} on any kernel: per chunk of {@link #CHUNK} rows the
     * kernel's product (its own threads), then the chunk's codes and {@code xhat} in parallel row ranges
     * ({@link #reconstructInParts}). Returns the number of active codes.
     */
    private long reconstructChunks(SeedState s, DenseKernel kernel, float[] biasF, float[] thetaF, float[] reconND) {
        int n = evalND.rows();
        int d = s.d;
        int f = s.f;
        float[] pre = new float[Math.min(CHUNK, n) * f];
        long active = 0;
        for (int r0 = 0; r0 < n; r0 += CHUNK) {
            int rows = Math.min(CHUNK, n - r0);
            float[] x = new float[rows * d];
            System.arraycopy(evalND.data(), r0 * d, x, 0, rows * d);
            kernel.preActivations(x, new float[][] {s.wEncFD}, biasF, 1, rows, d, f, pre);
            active += reconstructInParts(s, pre, rows, thetaF, reconND, r0 * d);
        }
        return active;
    }

    /**
     * The inference codes of a chunk's {@code rows} rows of {@code pre [rows, F]} and their reconstructions
     * {@code xhat} into {@code reconND} from {@code at}, in {@link #PARTS} contiguous row ranges on parallel threads
     * (each row's codes and {@code xhat} depend on that row alone, so the same bits as one pass); returns the number
     * of active codes.
     */
    private long reconstructInParts(SeedState s, float[] pre, int rows, float[] thetaF, float[] reconND, int at) {
        int parts = rows >= 2 * MIN_PART_ROWS ? PARTS : 1;
        long[] activeP = new long[parts];
        IntStream.range(0, parts).parallel().forEach(p -> {
            int a = rows * p / parts;
            int b = rows * (p + 1) / parts;
            Codes codes = codes(s, pre, a, b, thetaF, new Selection.Scratch(s.f));
            activeP[p] = codes.nnz();
            decode(s, codes, reconND, at + a * s.d);
        });
        return LongStream.of(activeP).sum();
    }

    /** Inference codes of rows {@code [a, b)} of {@code pre [rows, F]} (see the class comment). */
    private Codes codes(SeedState s, float[] pre, int a, int b, float[] thetaF, Selection.Scratch scratch) {
        int f = s.f;
        Codes.Builder out = new Codes.Builder(b - a, (b - a) * Math.max(1, config.k()));
        for (int r = a; r < b; r++) {
            switch (config.arch()) {
                case TOPK -> Selection.topK(pre, r * f, f, null, 0, config.k(), scratch, out);
                case BATCH_TOPK, MATRYOSHKA_BATCH_TOPK ->
                        Selection.above(pre, r * f, f, Float.isNaN(s.threshold) ? 0f : s.threshold, out);
                case JUMPRELU -> Selection.jump(pre, r * f, f, thetaF, 0f, out, null);
                case RELU_L1 -> Selection.above(pre, r * f, f, 0f, out);
            }
        }
        return out.build();
    }

    /** Writes {@code xhat = b_dec + sum_f z_f W_dec[f]} of each row of the codes into {@code reconND} from {@code at}. */
    private static void decode(SeedState s, Codes codes, float[] reconND, int at) {
        int d = s.d;
        float[] row = new float[d];
        for (int r = 0; r < codes.rows(); r++) {
            System.arraycopy(s.bDecD, 0, row, 0, d);
            for (int i = codes.rowPtr()[r]; i < codes.rowPtr()[r + 1]; i++) {
                SparseStep.axpy(codes.val()[i], s.wDec[codes.col()[i]], row);
            }
            System.arraycopy(row, 0, reconND, at + r * d, d);
        }
    }

    /**
     * {@code sum_i (xhat_i - x_i)^2} over the {@code len} values of {@code reconND} and {@code xND} from {@code at}, one
     * double sum in order (each difference a float, its square exact in double).
     */
    static double squaredError(float[] reconND, float[] xND, int at, int len) {
        double sse = 0;
        for (int i = at; i < at + len; i++) {
            double e = reconND[i] - xND[i];
            sse += e * e;
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
