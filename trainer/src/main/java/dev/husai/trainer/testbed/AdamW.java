package dev.husai.trainer.testbed;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AdamW exactly as {@code torch.optim.AdamW} (Loshchilov & Hutter 2019): per parameter theta with
 * gradient g at update t (1-based),
 * <pre>
 * theta <- theta * (1 - lr * wd)
 * m <- b1 m + (1 - b1) g            v <- b2 v + (1 - b2) g^2
 * theta <- theta - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 * </pre>
 * Written on NDArrays rather than DJL's {@code Optimizer.adamW()} so the decay convention is PyTorch's
 * and the anchor script's, without doubt. Updates run outside a gradient collector (no autograd).
 * Gradients are zeroed here, after use, with {@code g *= 0}: DJL's {@code GradientCollector.zeroGradients()}
 * computes {@code g - g}, which turns the uninitialised gradient buffers it sees before the first
 * backward pass into NaN now and then (seen as a NaN loss from step 1 in some runs).
 */
public final class AdamW {
    private static final double EPS = 1e-8;
    private final List<NDArray> params;
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private final double beta1;
    private final double beta2;
    private final double weightDecay;
    private int t;

    public AdamW(Map<String, NDArray> parameters, double beta1, double beta2, double weightDecay) {
        this.params = List.copyOf(parameters.values());
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.weightDecay = weightDecay;
        for (NDArray p : params) {
            m.add(p.zerosLike());
            v.add(p.zerosLike());
        }
    }

    /** One update of every parameter from its current gradient, at learning rate {@code lr}. */
    public void step(double lr) {
        t++;
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i);
            NDArray g = p.getGradient();
            if (weightDecay != 0) {
                p.muli(1 - lr * weightDecay);
            }
            m.get(i).muli(beta1).addi(g.mul(1 - beta1));
            v.get(i).muli(beta2).addi(g.square().muli(1 - beta2));
            NDArray denom = v.get(i).div(bc2).sqrt().addi(EPS);
            p.subi(m.get(i).div(denom).muli(lr / bc1));
            g.muli(0);
        }
    }
}
