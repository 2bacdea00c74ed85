package dev.husai.trainer.testbed;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * All p^2 inputs {@code (a, b)} of modular addition with label {@code (a + b) mod p}, and a
 * deterministic train/test split: a Fisher-Yates shuffle of the pair indices driven by
 * {@link SplittableRandom}(seed), the first {@code floor(fraction * p^2)} of it for training.
 * Pair index {@code i = a * p + b}.
 */
public final class ModularAdditionData {
    private final int p;
    private final int[] train;
    private final int[] test;

    public ModularAdditionData(int p, double trainFraction, long seed) {
        if (p < 3) {
            throw new IllegalArgumentException("expected modulus p >= 3, found p = " + p);
        }
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("expected train fraction in (0, 1), found " + trainFraction);
        }
        this.p = p;
        int n = p * p;
        int[] perm = shuffled(n, seed);
        int nTrain = (int) Math.floor(trainFraction * n);
        if (nTrain == 0 || nTrain == n) {
            throw new IllegalArgumentException("expected a split with both train and test pairs, found "
                    + nTrain + " of " + n + " pairs for training");
        }
        this.train = Arrays.copyOfRange(perm, 0, nTrain);
        this.test = Arrays.copyOfRange(perm, nTrain, n);
    }

    private static int[] shuffled(int n, long seed) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }

    public int p() {
        return p;
    }

    /** Pair indices used for training (a copy). */
    public int[] trainIndices() {
        return train.clone();
    }

    /** Held-out pair indices (a copy). */
    public int[] testIndices() {
        return test.clone();
    }

    /** All pair indices 0 .. p^2 - 1 in order (a-major). */
    public int[] allIndices() {
        int[] all = new int[p * p];
        Arrays.setAll(all, i -> i);
        return all;
    }

    /** First operand of pair {@code i}. */
    public int a(int i) {
        return i / p;
    }

    /** Second operand of pair {@code i}. */
    public int b(int i) {
        return i % p;
    }

    /** The label {@code (a + b) mod p} of pair {@code i}. */
    public int label(int i) {
        return (a(i) + b(i)) % p;
    }
}
