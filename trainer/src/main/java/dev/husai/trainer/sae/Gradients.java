package dev.husai.trainer.sae;

import java.util.Arrays;

/**
 * Gradient accumulators of one seed (or one row chunk of it) for one step, plus the loss sums.
 * Shapes: {@code dWencFD [F, D]} (the encoder stored transposed, one latent per row), {@code dWdecFD [F, D]},
 * {@code dBencF [F]}, {@code dBdecD [D]}, {@code codeSumF [F]} (sum over rows of each latent's code, for the
 * L1 penalty's decoder-norm gradient).
 */
final class Gradients {
    final float[] dWencFD;
    final float[] dWdecFD;
    final float[] dBencF;
    final float[] dBdecD;
    final float[] codeSumF;
    double lossSum;
    double auxLossSum;
    double l1Sum;

    Gradients(int d, int f) {
        dWencFD = new float[f * d];
        dWdecFD = new float[f * d];
        dBencF = new float[f];
        dBdecD = new float[d];
        codeSumF = new float[f];
    }

    void clear() {
        Arrays.fill(dWencFD, 0);
        Arrays.fill(dWdecFD, 0);
        Arrays.fill(dBencF, 0);
        Arrays.fill(dBdecD, 0);
        Arrays.fill(codeSumF, 0);
        lossSum = 0;
        auxLossSum = 0;
        l1Sum = 0;
    }

    /** Adds another chunk's accumulators into this one (fixed order keeps runs bit-for-bit reproducible). */
    void add(Gradients o) {
        addInto(dWencFD, o.dWencFD);
        addInto(dWdecFD, o.dWdecFD);
        addInto(dBencF, o.dBencF);
        addInto(dBdecD, o.dBdecD);
        addInto(codeSumF, o.codeSumF);
        lossSum += o.lossSum;
        auxLossSum += o.auxLossSum;
        l1Sum += o.l1Sum;
    }

    private static void addInto(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
    }
}
