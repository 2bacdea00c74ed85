package dev.husai.trainer.testbed;

import dev.husai.core.config.HookPoint;
import dev.husai.core.tensor.FloatMatrix;

/**
 * The testbed's activations at the {@code =} position for all p^2 inputs, row {@code a*p + b}.
 *
 * @param p modulus
 * @param residPostND residual stream after the block {@code [p^2, D]}
 * @param mlpPostNM MLP hidden activations after ReLU {@code [p^2, M]}
 * @param logitsNP logits {@code [p^2, p]}
 */
public record TestbedActivations(int p, FloatMatrix residPostND, FloatMatrix mlpPostNM, FloatMatrix logitsNP) {

    /** The activations at a hook point. */
    public FloatMatrix at(HookPoint hook) {
        return HookPoint.RESID_POST.equals(hook.requireTestbed()) ? residPostND : mlpPostNM;
    }

    /** Accuracy over the given pair indices. */
    public double accuracy(int[] pairs) {
        int correct = 0;
        for (int ab : pairs) {
            int best = 0;
            for (int c = 1; c < p; c++) {
                if (logitsNP.get(ab, c) > logitsNP.get(ab, best)) {
                    best = c;
                }
            }
            correct += best == (ab / p + ab % p) % p ? 1 : 0;
        }
        return pairs.length == 0 ? Double.NaN : correct / (double) pairs.length;
    }
}
