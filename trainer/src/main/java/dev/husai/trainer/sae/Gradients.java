package dev.husai.trainer.sae;

import java.util.Arrays;

/**
 * Gradient accumulators of one seed (or one row chunk of it) for one step, plus the loss sums.
 * Per latent rows: {@code dWenc[F][D]} (encoder stored transposed), {@code dWdec[F][D]}; {@code dBencF [F]},
 * {@code dBdecD [D]}, {@code codeSumF [F]} (sum over rows of each latent's code, for the L1 penalty's
 * decoder-norm gradient). {@code touched[F]} marks latents with a non-zero row gradient, so clearing and
 * merging skip the rest. {@code dLogThetaF [F]}: JumpReLU's gradient with respect to log theta.
 */
final class Gradients {
    final float[][] dWenc;
    final float[][] dWdec;
    final float[] dBencF;
    final float[] dBdecD;
    final float[] codeSumF;
    final boolean[] touched;
    final float[] dLogThetaF;
    double lossSum;
    double auxLossSum;
    double l1Sum;
    /** Codes stored and their smallest value, when the step keeps no {@link Codes} ({@link DenseStep}); else 0, NaN. */
    long nnz;
    float minCode = Float.NaN;

    Gradients(int d, int f) {
        dWenc = new float[f][d];
        dWdec = new float[f][d];
        dBencF = new float[f];
        dBdecD = new float[d];
        codeSumF = new float[f];
        touched = new boolean[f];
        dLogThetaF = new float[f];
    }

    void clear() {
        for (int j = 0; j < touched.length; j++) {
            if (touched[j]) {
                Arrays.fill(dWenc[j], 0);
                Arrays.fill(dWdec[j], 0);
                touched[j] = false;
            }
        }
        Arrays.fill(dBencF, 0);
        Arrays.fill(dBdecD, 0);
        Arrays.fill(codeSumF, 0);
        Arrays.fill(dLogThetaF, 0);
        lossSum = 0;
        auxLossSum = 0;
        l1Sum = 0;
        nnz = 0;
        minCode = Float.NaN;
    }

    /** Adds another chunk's accumulators into this one (fixed order keeps runs bit-for-bit reproducible). */
    void add(Gradients o) {
        addRows(o, 0, touched.length);
        addSums(o);
    }

    /**
     * Adds another chunk's latent rows {@code [from, to)} of {@code dW_enc} and {@code dW_dec} (disjoint ranges may be
     * added in parallel: each element's sum is the same whichever range it is in).
     */
    void addRows(Gradients o, int from, int to) {
        for (int j = from; j < to; j++) {
            if (o.touched[j]) {
                SparseStep.axpy(1f, o.dWenc[j], dWenc[j]);
                SparseStep.axpy(1f, o.dWdec[j], dWdec[j]);
                touched[j] = true;
            }
        }
    }

    /** Adds another chunk's per-latent and per-input sums and its loss sums (the rest of {@link #add}). */
    void addSums(Gradients o) {
        SparseStep.axpy(1f, o.dBencF, dBencF);
        SparseStep.axpy(1f, o.dBdecD, dBdecD);
        SparseStep.axpy(1f, o.codeSumF, codeSumF);
        SparseStep.axpy(1f, o.dLogThetaF, dLogThetaF);
        lossSum += o.lossSum;
        auxLossSum += o.auxLossSum;
        l1Sum += o.l1Sum;
    }
}
