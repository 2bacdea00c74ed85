package dev.husai.core.align;

import dev.husai.core.tensor.FloatMatrix;

/**
 * Which matcher at which size, in one place: the exact assignment ({@link SparseAssignment}: on candidate edges with
 * a duality certificate, or the dense {@link LinearAssignment} where that is cheaper) or the greedy
 * approximation ({@link GreedyMatcher}) on the full F x G cosine matrix, and — when that matrix would exceed
 * {@link BlockedGreedyMatcher#DENSE_LIMIT} entries (above 8192 x 8192; 131k x 131k latents would need 64 GiB) — the
 * blocked greedy matcher, which never holds it. Results always say which method produced them.
 */
public final class Matchers {

    private Matchers() {
    }

    /** The exact optimum, or the blocked greedy approximation for dictionaries too large for their cosine matrix. */
    public static Matching exact(FloatMatrix aUnitFD, FloatMatrix bUnitGD) {
        return BlockedGreedyMatcher.tooLargeForDense(aUnitFD.rows(), bUnitGD.rows())
                ? BlockedGreedyMatcher.maximize(aUnitFD, bUnitGD)
                : SparseAssignment.maximize(CosineMatrix.ofNormalized(aUnitFD, bUnitGD));
    }

    /** The greedy approximation (on the full matrix, or blocked for dictionaries too large for it). */
    public static Matching greedy(FloatMatrix aUnitFD, FloatMatrix bUnitGD) {
        return BlockedGreedyMatcher.tooLargeForDense(aUnitFD.rows(), bUnitGD.rows())
                ? BlockedGreedyMatcher.maximize(aUnitFD, bUnitGD)
                : GreedyMatcher.maximizeCosines(aUnitFD, bUnitGD);
    }
}
