package dev.husai.core.geometry;

import dev.husai.core.align.CosineMatrix;
import dev.husai.core.align.Dictionaries;
import dev.husai.core.tensor.FloatMatrix;

/**
 * Linear centred kernel alignment (Kornblith et al. 2019, "Similarity of Neural Network Representations
 * Revisited", ICML): for column-centred {@code X [N, F]}, {@code Y [N, G]} on the same N examples,
 * {@code CKA = ||Y^T X||_F^2 / (||X^T X||_F ||Y^T Y||_F) = <K, L>_F / (||K||_F ||L||_F)} with
 * {@code K = X X^T}, {@code L = Y Y^T [N, N]}. In [0, 1]; invariant to orthogonal transforms and isotropic
 * scaling of either side, hence to any permutation of latents - no matching needed.
 */
public final class Cka {

    private Cka() {
    }

    /**
     * Linear CKA of two activation matrices over the same N examples.
     *
     * @param xNF activations {@code [N, F]}
     * @param yNG activations {@code [N, G]}
     */
    public static double linear(FloatMatrix xNF, FloatMatrix yNG) {
        if (xNF.rows() != yNG.rows()) {
            throw new IllegalArgumentException("expected Y with N=" + xNF.rows() + " rows (same examples as X "
                    + xNF.shape() + "), found " + yNG.shape());
        }
        Dictionaries.requireValid(xNF, "X");
        Dictionaries.requireValid(yNG, "Y");
        FloatMatrix x = EffectiveDimension.centreColumns(xNF);
        FloatMatrix y = EffectiveDimension.centreColumns(yNG);
        double xy;
        double xx;
        double yy;
        if (x.rows() <= x.cols() + y.cols()) {
            FloatMatrix kNN = CosineMatrix.product(x, x);
            FloatMatrix lNN = CosineMatrix.product(y, y);
            xy = dot(kNN, lNN);
            xx = dot(kNN, kNN);
            yy = dot(lNN, lNN);
        } else {
            FloatMatrix xT = x.transpose();
            FloatMatrix yT = y.transpose();
            FloatMatrix yxGF = CosineMatrix.product(yT, xT);
            xy = dot(yxGF, yxGF);
            xx = selfGramNorm2(xT);
            yy = selfGramNorm2(yT);
        }
        return xx == 0 || yy == 0 ? 0.0 : xy / Math.sqrt(xx * yy);
    }

    /**
     * Whole-dictionary similarity: linear CKA with the D basis directions as the examples, i.e. of
     * {@code A_hat^T [D, F]} and {@code B_hat^T [D, G]} (unit rows). Equals
     * {@code <A^T A, B^T B>_F / (||A^T A|| ||B^T B||)} after centring: it compares the dictionaries'
     * second-moment ("Gram") geometry in model space and ignores latent order.
     */
    public static double dictionaries(FloatMatrix aFD, FloatMatrix bGD) {
        Dictionaries.requireSameDim(aFD, bGD, "dictionary A", "dictionary B");
        return linear(Dictionaries.normalizeRows(aFD).transpose(), Dictionaries.normalizeRows(bGD).transpose());
    }

    private static double selfGramNorm2(FloatMatrix tCN) {
        FloatMatrix g = CosineMatrix.product(tCN, tCN);
        return dot(g, g);
    }

    private static double dot(FloatMatrix a, FloatMatrix b) {
        double s = 0;
        for (int k = 0; k < a.data().length; k++) {
            s += (double) a.data()[k] * b.data()[k];
        }
        return s;
    }
}
