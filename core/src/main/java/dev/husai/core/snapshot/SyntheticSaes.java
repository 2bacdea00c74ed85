package dev.husai.core.snapshot;

import dev.husai.core.tensor.FloatMatrix;
import java.util.SplittableRandom;

/**
 * Synthetic SAEs with a known answer, for benchmarks and tests of everything downstream of the trainer: a
 * "stable" group is one base dictionary whose rows each seed permutes (and perturbs), so exact matching must
 * find the permutation back; independent random dictionaries are the unstable case.
 */
public final class SyntheticSaes {

    private SyntheticSaes() {
    }

    /** {@code [rows, cols]} with entries uniform in {@code [-1, 1)}. */
    public static FloatMatrix uniform(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[Math.multiplyExact(rows, cols)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return new FloatMatrix(rows, cols, x);
    }

    /** {@code [rows, cols]} with standard Gaussian entries. */
    public static FloatMatrix gaussian(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[Math.multiplyExact(rows, cols)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return new FloatMatrix(rows, cols, x);
    }

    /**
     * One seed's copy of {@code baseFD} ({@code [F, D]}): rows in a seeded random order (Fisher-Yates on
     * {@code permutationSeed}) plus uniform noise of amplitude {@code noise} (from {@code noiseSeed}); tied encoder.
     */
    public static SaeWeights permutedCopy(FloatMatrix baseFD, long permutationSeed, double noise, long noiseSeed) {
        int f = baseFD.rows();
        int d = baseFD.cols();
        int[] perm = permutation(f, permutationSeed);
        SplittableRandom r = new SplittableRandom(noiseSeed);
        float[] dec = new float[f * d];
        for (int i = 0; i < f; i++) {
            for (int c = 0; c < d; c++) {
                dec[i * d + c] = baseFD.data()[perm[i] * d + c] + (float) (noise * (r.nextDouble() * 2 - 1));
            }
        }
        return tied(new FloatMatrix(f, d, dec));
    }

    /** Weights with the encoder tied to the decoder ({@code W_enc = W_dec^T}) and zero biases. */
    public static SaeWeights tied(FloatMatrix decFD) {
        return new SaeWeights(decFD.transpose(), decFD, new float[decFD.rows()], new float[decFD.cols()], null);
    }

    /** A uniformly random permutation of {@code 0..n-1} (Fisher-Yates). */
    public static int[] permutation(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }
}
