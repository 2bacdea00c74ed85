package dev.husai.trainer.testbed;

/**
 * One evaluation point of a grokking run.
 *
 * @param step optimiser steps done
 * @param trainLoss cross-entropy on the training pairs (at this step)
 * @param trainAccuracy accuracy on the training pairs
 * @param testLoss cross-entropy on the held-out pairs
 * @param testAccuracy accuracy on every held-out pair
 * @param elapsedMillis wall time since training started
 */
public record GrokProgress(int step, double trainLoss, double trainAccuracy, double testLoss,
                           double testAccuracy, long elapsedMillis) {
}
