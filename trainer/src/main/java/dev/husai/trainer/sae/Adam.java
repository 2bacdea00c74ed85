package dev.husai.trainer.sae;

/**
 * Adam (Kingma & Ba 2015) on plain arrays, as {@code torch.optim.Adam} without weight decay: at update t,
 * <pre>
 * m <- b1 m + (1 - b1) g        v <- b2 v + (1 - b2) g^2
 * theta <- theta - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 * </pre>
 */
final class Adam {
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPS = 1e-8;

    private Adam() {
    }

    /**
     * The float constants of update t: {@code c1 = lr / (1 - b1^t)}, {@code c2 = 1 / (1 - b2^t)}. Computed once per
     * update for all parameter rows (two {@code Math.pow} per parameter row cost more than a 128-float row's update
     * itself).
     */
    record Coefficients(float b1, float b2, float c1, float c2, float eps) {
        static Coefficients at(int t, double lr, double beta1) {
            return new Coefficients((float) beta1, (float) BETA2, (float) (lr / (1 - Math.pow(beta1, t))),
                    (float) (1 / (1 - Math.pow(BETA2, t))), (float) EPS);
        }
    }

    /**
     * One update of {@code theta} in place with update t's constants {@code k} (b1 may differ from {@link #BETA1}:
     * JumpReLU's paper uses 0). With the Vector API the update runs on {@link VectorSelection#adam} (the same bits) and
     * returns 0 or NaN (finite or not); else the sum of the new values (non-finite if any is). Callers only test it for
     * finiteness. A {@code null} {@code g} is a zero gradient (a latent that did not fire this step): the moments still
     * decay and theta still moves, with the same bits as an array of +0, but no gradient is read from memory. The
     * row is {@code theta[thetaAt ..+ len)} with gradient {@code g[0 .. len)} and moments {@code m[at ..+ len)},
     * {@code v[at ..+ len)}: a seed's rows live end to end in a few long arrays, so the update streams through them.
     */
    static double step(float[] theta, int thetaAt, int len, float[] g, float[] m, float[] v, int at, Coefficients k) {
        if (Selection.VECTOR && VectorSelection.usable()) {
            return VectorSelection.adam(theta, thetaAt, len, g, m, v, at, k.b1(), k.b2(), k.c1(), k.c2(), k.eps())
                    ? 0 : Double.NaN;
        }
        return scalar(theta, thetaAt, len, g, m, v, at, 0, k.b1(), k.b2(), k.c1(), k.c2(), k.eps());
    }

    /**
     * The scalar loop over elements {@code [from, len)} of the row (laid out as in {@link #step}): the reference for the
     * vector path's bits, and its tail ({@code g} null: a zero gradient).
     *
     * @return the sum of the new values there (non-finite if any is)
     */
    static double scalar(float[] theta, int thetaAt, int len, float[] g, float[] m, float[] v, int at, int from, float b1,
                         float b2, float c1, float c2, float eps) {
        double sum = 0;
        for (int i = from; i < len; i++) {
            float gi = g == null ? 0f : g[i];
            float mi = b1 * m[at + i] + (1 - b1) * gi;
            float vi = b2 * v[at + i] + (1 - b2) * gi * gi;
            m[at + i] = mi;
            v[at + i] = vi;
            float t1 = theta[thetaAt + i] - c1 * mi / ((float) Math.sqrt(vi * c2) + eps);
            theta[thetaAt + i] = t1;
            sum += t1;
        }
        return sum;
    }
}
