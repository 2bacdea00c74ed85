package dev.husai.trainer.sae;

import dev.husai.core.config.SaeConfig;
import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.tensor.FloatMatrix;
import java.util.Arrays;
import dev.husai.core.tensor.Activations;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * One seed's SAE parameters, Adam moments, data order and bookkeeping. The encoder is one flat row-major
 * {@code wEncFD [F * D]} (transposed: latent f's encoder vector is row f, at {@code f * D}), which the dense product
 * reads in place; the decoder is per-latent rows {@code wDec[F][D]}, so sparse updates touch whole small arrays;
 * {@link #weights} returns SAELens' {@code W_enc [D, F]}.
 */
final class SeedState {
    final long seed;
    final int d;
    final int f;
    final float[] wEncFD;
    final float[][] wDec;
    final float[] bEncF;
    final float[] bDecD;
    /** BatchTopK inference threshold (EMA of the batch's minimum positive activation); NaN before the first step. */
    float threshold = Float.NaN;
    /** BatchTopK's cut at the last step ({@link Selection#batchThreshold}), NaN before the first: the next one's guess. */
    float lastBatchCut = Float.NaN;
    /** JumpReLU's per-latent log threshold {@code log theta [F]} (a trained parameter), null for the other archs. */
    final float[] logThetaF;
    /** JumpReLU's L0 coefficient at the last step ({@code lambda_eff} of {@link JumpReluSchedule}). */
    double l0Coefficient;
    /** JumpReLU's sparsity penalty at the last step (0 for the other archs). */
    double lastPenalty;
    /** Adam's b1: 0.9, JumpReLU 0 (Rajamanoharan et al. 2024). */
    private final double beta1;
    /**
     * The parameter rows Adam updates: row i is {@code params[i][paramAt[i] ..+ paramLength[i])} (an encoder row inside
     * {@link #wEncFD}; a decoder row, a bias or JumpReLU's log thresholds as a whole array).
     */
    private final float[][] params;
    private final int[] paramAt;
    private final int[] paramLength;
    /**
     * Adam's moments of every parameter row, end to end in {@link #params}' order: row i's at
     * {@code [momentAt[i], momentAt[i] + params[i].length)}. One array each instead of one per row: the update, bound
     * by memory at small batches, streams through them (a 5-seed 4,096-latent update ~25% faster in a probe).
     */
    private final float[] m;
    private final float[] v;
    private final int[] momentAt;
    private int updates;
    /** Last step at which each latent fired (0 = start). */
    final int[] lastFired;
    private final int[] order;
    private int cursor;
    private final Random dataRng;
    String stoppedReason;
    /** Set inside a parallel step when this seed must stop (applied afterwards, in seed order). */
    String pendingStop;
    int lastStep;
    Gradients[] scratch;
    /**
     * Per row chunk, the top-k selection's scratch for the codes and for AuxK's ({@link Selection.Scratch}): kept from
     * step to step so each chunk's first row starts from the last step's cut and margin, not from a sample (with 128
     * rows a step, re-learning the margin cost most of a 4,096-latent TopK step's selection). Never changes a code.
     */
    Selection.Scratch[][] cuts;
    double lastLoss = Double.NaN;
    double lastAuxLoss;
    double lastL0 = Double.NaN;

    private SeedState(long seed, int d, int f, int rows, boolean jump) {
        this.seed = seed;
        this.d = d;
        this.f = f;
        wEncFD = new float[Math.multiplyExact(f, d)];
        wDec = new float[f][d];
        bEncF = new float[f];
        bDecD = new float[d];
        logThetaF = jump ? new float[f] : null;
        beta1 = jump ? 0 : Adam.BETA1;
        params = new float[2 * f + (jump ? 3 : 2)][];
        paramAt = new int[params.length];
        paramLength = new int[params.length];
        for (int j = 0; j < f; j++) {
            params[j] = wEncFD;
            paramAt[j] = j * d;
            params[f + j] = wDec[j];
        }
        params[2 * f] = bEncF;
        params[2 * f + 1] = bDecD;
        if (jump) {
            params[2 * f + 2] = logThetaF;
        }
        for (int i = f; i < params.length; i++) {
            paramLength[i] = params[i].length;
        }
        Arrays.fill(paramLength, 0, f, d);
        momentAt = new int[params.length];
        long moments = 0;
        for (int i = 0; i < params.length; i++) {
            momentAt[i] = (int) moments;
            moments += paramLength[i];
            if (moments > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("expected at most " + (Integer.MAX_VALUE - 8) + " parameters per seed"
                        + " (2 x d_sae x d_in + d_sae + d_in), found d_sae " + f + " and d_in " + d);
            }
        }
        m = new float[(int) moments];
        v = new float[(int) moments];
        lastFired = new int[f];
        order = new int[rows];
        for (int r = 0; r < rows; r++) {
            order[r] = r;
        }
        cursor = rows;
        dataRng = new Random(mix(seed, 2));
    }

    /**
     * Initialisation (Gao et al. 2024): decoder rows Gaussian, normalised to unit norm; encoder = decoder
     * transpose; {@code b_enc = 0}; {@code b_dec} = the given geometric median of the data; JumpReLU's
     * {@code theta = thetaInit} for every latent.
     */
    static SeedState init(SaeConfig config, long seed, float[] bDecInit, int rows, float thetaInit) {
        boolean jump = config.arch() == SaeConfig.Arch.JUMPRELU;
        SeedState s = new SeedState(seed, config.dIn(), config.dSae(), rows, jump);
        if (jump) {
            Arrays.fill(s.logThetaF, (float) Math.log(thetaInit));
        }
        Random init = new Random(mix(seed, 1));
        for (float[] row : s.wDec) {
            for (int c = 0; c < s.d; c++) {
                row[c] = (float) init.nextGaussian();
            }
        }
        s.normaliseDecoderRows();
        for (int j = 0; j < s.f; j++) {
            System.arraycopy(s.wDec[j], 0, s.wEncFD, j * s.d, s.d);
        }
        System.arraycopy(bDecInit, 0, s.bDecD, 0, s.d);
        return s;
    }

    /** A seed and a stream number mixed into one well-spread long (SplitMix64 finaliser). */
    static long mix(long seed, long stream) {
        long z = seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Copies this seed's next N rows (reshuffled every epoch, Fisher-Yates) into {@code outND} at {@code at}. */
    void nextBatch(Activations dataRD, int n, float[] outND, int at) {
        for (int i = 0; i < n; i++) {
            if (cursor == order.length) {
                for (int j = order.length - 1; j > 0; j--) {
                    int r = dataRng.nextInt(j + 1);
                    int tmp = order[j];
                    order[j] = order[r];
                    order[r] = tmp;
                }
                cursor = 0;
            }
            dataRD.copyRow(order[cursor++], outND, at + i * d);
        }
    }

    /** Copies the encoder rows into a contiguous {@code [F, D]} block of {@code outFD} at {@code at}. */
    void copyEncoder(float[] outFD, int at) {
        System.arraycopy(wEncFD, 0, outFD, at, f * d);
    }

    /** Decoder row norms {@code ||W_dec[f]||} ({@code [F]}). */
    float[] decoderNorms() {
        float[] out = new float[f];
        for (int j = 0; j < f; j++) {
            out[j] = (float) Math.sqrt(SparseStep.dot(wDec[j], wDec[j]));
        }
        return out;
    }

    /** The folded encoder bias {@code b_enc - W_enc^T b_dec} so that {@code pre = x W_enc + bias} ({@code [F]}). */
    void foldedBias(float[] outF, int at) {
        for (int j = 0; j < f; j++) {
            outF[at + j] = bEncF[j] - SparseStep.dot(wEncFD, j * d, bDecD, 0, d);
        }
    }

    /**
     * One Adam update from the gradients. With {@code unitNorm} (all archs but ReLU-L1) the decoder gradient's
     * component parallel to each row is removed first and each row is renormalised right after its update, while in
     * cache (Gao et al. 2024; the same bits as {@link #normaliseDecoderRows()} after all rows). The parameter rows are split into {@code parts} contiguous
     * ranges run in parallel (a lone seed's update on 2 cores): every element's update depends only on its own gradient
     * and moments, and a decoder row's projection runs in the range holding that row, so the weights are the same bits
     * for every {@code parts}.
     *
     * @return false when a parameter became NaN or infinite
     */
    boolean adam(Gradients g, double lr, boolean unitNorm, int parts) {
        updates++;
        float[][] grads = gradientRows(g);
        boolean[] finite = new boolean[parts];
        IntStream.range(0, parts).parallel().forEach(p -> finite[p] = adamRange(g, grads, lr, unitNorm,
                Selection.partStart(params.length, parts, p), Selection.partStart(params.length, parts, p + 1)));
        for (boolean ok : finite) {
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The parameter rows' gradients, in {@code params}' order; {@code null} (a zero gradient, {@link Adam#step}) for both
     * rows of a latent that did not fire ({@link Gradients#touched}), so Adam reads none there: at batch 128 and k 4
     * most of 4,096 latents are quiet and the update is bound by memory.
     */
    private float[][] gradientRows(Gradients g) {
        float[][] grads = new float[params.length][];
        for (int j = 0; j < f; j++) {
            grads[j] = g.touched[j] ? g.dWenc[j] : null;
            grads[f + j] = g.touched[j] ? g.dWdec[j] : null;
        }
        grads[2 * f] = g.dBencF;
        grads[2 * f + 1] = g.dBdecD;
        if (logThetaF != null) {
            grads[2 * f + 2] = g.dLogThetaF;
        }
        return grads;
    }

    /** Adam on parameter rows {@code [from, to)}, each decoder row's gradient projected first; false if one is non-finite. */
    private boolean adamRange(Gradients g, float[][] grads, double lr, boolean unitNorm, int from, int to) {
        double sum = 0;
        Adam.Coefficients k = Adam.Coefficients.at(updates, lr, beta1);
        for (int i = from; i < to; i++) {
            int j = i - f;
            if (unitNorm && j >= 0 && j < f && g.touched[j]) {
                SparseStep.axpy(-SparseStep.dot(g.dWdec[j], wDec[j]), wDec[j], g.dWdec[j]);
            }
            sum += Adam.step(params[i], paramAt[i], paramLength[i], grads[i], m, v, momentAt[i], k);
            if (unitNorm && j >= 0 && j < f) {
                normaliseRow(wDec[j]);   // while the row is in cache; each row's the same bits as after all rows
            }
        }
        return Double.isFinite(sum);
    }

    void normaliseDecoderRows() {
        for (float[] row : wDec) {
            normaliseRow(row);
        }
    }

    /** A decoder row back to unit norm. */
    private void normaliseRow(float[] row) {
        double norm = Math.sqrt(SparseStep.dot(row, row));
        float inv = (float) (1 / Math.max(norm, 1e-12));
        for (int c = 0; c < d; c++) {
            row[c] *= inv;
        }
    }

    /** Fraction of latents that have not fired in the last {@code window} steps. */
    double deadFraction(int step, int window) {
        return deadCount(step, window) / (double) f;
    }

    int deadCount(int step, int window) {
        int dead = 0;
        for (int t : lastFired) {
            dead += step - t > window ? 1 : 0;
        }
        return dead;
    }

    /** JumpReLU's thresholds {@code theta = exp(log theta) [F]}, or null for the other archs. */
    float[] thetas() {
        if (logThetaF == null) {
            return null;
        }
        float[] out = new float[f];
        for (int j = 0; j < f; j++) {
            out[j] = (float) Math.exp(logThetaF[j]);
        }
        return out;
    }

    /**
     * A copy of the parameters with SAELens names and shapes; {@code threshold [F]} is JumpReLU's theta, or with
     * {@code withThreshold} (BatchTopK, Matryoshka) the learned global threshold in every entry.
     */
    SaeWeights weights(boolean withThreshold) {
        float[] thr = thetas();
        if (withThreshold) {
            thr = new float[f];
            Arrays.fill(thr, Float.isNaN(threshold) ? 0f : threshold);
        }
        return new SaeWeights(new FloatMatrix(f, d, wEncFD.clone()).transpose(), new FloatMatrix(f, d, flat(wDec)),
                bEncF.clone(), bDecD.clone(), thr);
    }

    private float[] flat(float[][] rows) {
        float[] out = new float[f * d];
        for (int j = 0; j < f; j++) {
            System.arraycopy(rows[j], 0, out, j * d, d);
        }
        return out;
    }

    boolean active() {
        return stoppedReason == null;
    }
}
