package dev.husai.core.synth;

import dev.husai.core.tensor.FloatMatrix;

/**
 * One generated domain: the true atoms and the activations made from them.
 *
 * @param spec          what was generated
 * @param atomsTD       unit true atoms {@code [T, D]}
 * @param activationsND {@code X = Z T + noise}, {@code [N, D]}
 */
public record SynthData(SynthSpec spec, FloatMatrix atomsTD, FloatMatrix activationsND) {

    public SynthData {
        if (atomsTD.rows() != spec.atoms() || atomsTD.cols() != spec.d()) {
            throw new IllegalArgumentException("expected atoms [" + spec.atoms() + "," + spec.d() + "], found "
                    + atomsTD.shape());
        }
        if (activationsND.rows() != spec.rows() || activationsND.cols() != spec.d()) {
            throw new IllegalArgumentException("expected activations [" + spec.rows() + "," + spec.d() + "], found "
                    + activationsND.shape());
        }
    }
}
