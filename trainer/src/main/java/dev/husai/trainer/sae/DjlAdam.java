package dev.husai.trainer.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/**
 * {@link Adam} on the DJL engine's stacked parameters, in place, with the same float arithmetic: at update t,
 * <pre>
 * m <- b1 m + (1 - b1) g      v <- b2 v + (1 - b2) g^2
 * theta <- theta - c1 m / (sqrt(c2 v) + eps),   c1 = lr / (1 - b1^t),  c2 = 1 / (1 - b2^t)
 * </pre>
 * then, with a unit-norm decoder, {@code W_dec[f] <- W_dec[f] / max(||W_dec[f]||, 1e-12)} (Gao et al. 2024).
 */
final class DjlAdam {
    private DjlAdam() {
    }

    /**
     * Updates every parameter of the state's rows where {@code okS11} ({@code [S, 1, 1]}, boolean) holds (a seed with a
     * non-finite loss keeps its weights, as the BLAS engine); returns each seed's parameter sum {@code [S]} after it.
     */
    static NDArray step(DjlState st, NDArray[] grads, NDArray okS11, double lr, double beta1, boolean unitNorm) {
        int t = st.updates;
        float b1 = (float) beta1;
        float b2 = (float) Adam.BETA2;
        float c1 = (float) (lr / (1 - Math.pow(beta1, t)));
        float c2 = (float) (1 / (1 - Math.pow(Adam.BETA2, t)));
        float eps = (float) Adam.EPS;
        NDArray sumS = null;
        for (int i = 0; i < st.params.length; i++) {
            NDArray g = grads[i];
            st.m[i].muli(b1).addi(g.mul(1 - b1));
            st.v[i].muli(b2).addi(g.square().mul(1 - b2));
            NDArray upd = st.m[i].mul(c1).div(st.v[i].mul(c2).sqrt().add(eps));
            NDArray keep = okS11.broadcast(upd.getShape());
            st.params[i].subi(NDArrays.where(keep, upd, upd.zerosLike()));
            if (unitNorm && i == 1) {
                NDArray norms = st.params[1].square().sum(new int[] {2}, true).sqrt().maximum(1e-12f);
                st.params[1].divi(norms);
            }
            NDArray part = st.params[i].sum(new int[] {1, 2});
            sumS = sumS == null ? part : sumS.add(part);
        }
        return sumS;
    }
}
