package dev.husai.app.bench;

import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;
import java.util.Random;

/**
 * The dense roofline measured in the benchmark's own run: {@code C [s, s] = A [s, s] B [s, s]} through the same BLAS
 * the SAE engine's dense kernel calls ({@code BLAS.getInstance()}), {@code 2 s^3} flops per product, median of
 * {@code reps} products after one untimed one.
 */
public final class SgemmRoofline {
    private SgemmRoofline() {
    }

    /** The median GFLOP/s of {@code reps} {@code s x s x s} sgemm calls. */
    public static double gflops(int s, int reps) {
        Random rng = new Random(0);
        float[] a = new float[s * s];
        float[] b = new float[s * s];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextGaussian();
            b[i] = (float) rng.nextGaussian();
        }
        float[] c = new float[s * s];
        BLAS blas = BLAS.getInstance();
        blas.sgemm("N", "N", s, s, s, 1f, a, s, b, s, 0f, c, s);
        double[] seconds = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            blas.sgemm("N", "N", s, s, s, 1f, a, s, b, s, 0f, c, s);
            seconds[r] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(seconds);
        return 2.0 * s * s * s / seconds[reps / 2] / 1e9;
    }
}
