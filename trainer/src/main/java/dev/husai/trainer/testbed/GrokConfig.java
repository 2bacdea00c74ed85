package dev.husai.trainer.testbed;

/**
 * How the testbed is trained: full-batch AdamW on a fraction of all p^2 pairs (Nanda et al. 2023 use
 * lr 1e-3, weight decay 1.0, betas (0.9, 0.98), train fraction 0.3, ~10k steps to grok).
 *
 * @param model the transformer's shape
 * @param trainFraction share of the p^2 pairs used for training, in (0, 1)
 * @param lr AdamW learning rate (peak, after warm-up)
 * @param weightDecay decoupled AdamW weight decay
 * @param beta1 Adam beta1
 * @param beta2 Adam beta2
 * @param warmupSteps linear learning-rate warm-up length
 * @param maxSteps step budget; running out of it without grokking is a failure
 * @param evalEvery test accuracy is measured every this many steps
 * @param targetAccuracy test accuracy that counts as grokked (0.99)
 * @param cleanupSteps steps trained on after grokking, the "cleanup" phase of Nanda et al. in which
 *     weight decay removes the memorising components and the Fourier structure sharpens (0 = stop at once)
 * @param seed seeds both the train/test split and the initialisation
 */
public record GrokConfig(TestbedConfig model, double trainFraction, double lr, double weightDecay, double beta1,
                         double beta2, int warmupSteps, int maxSteps, int evalEvery, double targetAccuracy,
                         int cleanupSteps, long seed) {

    public GrokConfig {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("expected train fraction in (0, 1), found " + trainFraction);
        }
        if (!(lr > 0)) {
            throw new IllegalArgumentException("expected lr > 0, found " + lr);
        }
        if (weightDecay < 0) {
            throw new IllegalArgumentException("expected weight decay >= 0, found " + weightDecay);
        }
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("expected betas in [0, 1), found (" + beta1 + ", " + beta2 + ")");
        }
        if (warmupSteps < 0 || maxSteps <= 0 || evalEvery <= 0) {
            throw new IllegalArgumentException("expected warmup >= 0, max steps > 0, eval every > 0, found "
                    + warmupSteps + ", " + maxSteps + ", " + evalEvery);
        }
        if (cleanupSteps < 0) {
            throw new IllegalArgumentException("expected cleanup steps >= 0, found " + cleanupSteps);
        }
        if (!(targetAccuracy > 0 && targetAccuracy <= 1)) {
            throw new IllegalArgumentException("expected target accuracy in (0, 1], found " + targetAccuracy);
        }
    }

    /** Nanda's optimiser settings with the given model, train fraction and seed. */
    public static GrokConfig defaults(TestbedConfig model, double trainFraction, long seed) {
        return new GrokConfig(model, trainFraction, 1e-3, 1.0, 0.9, 0.98, 10, 20_000, 50, 0.99, 0, seed);
    }

    /** Learning rate at a step (0-based): linear warm-up to {@code lr}, then constant. */
    public double lrAt(int step) {
        return warmupSteps == 0 ? lr : lr * Math.min(1.0, (step + 1) / (double) warmupSteps);
    }
}
