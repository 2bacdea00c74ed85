package dev.husai.core.fourier;

import dev.husai.core.config.HookPoint;
import dev.husai.core.tensor.FloatMatrix;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The testbed's ground truth for Fourier recovery, the one input of {@code husai analyze --testbed}, sweep summaries
 * and the live analyzer alike: its activations over all p^2 inputs (row {@code a*p+b}) at each hook point that has
 * them, and its key frequencies. Built by the launcher ({@code TestbedInputs}); nothing downstream runs the testbed.
 *
 * @param p              modulus
 * @param acts           activations {@code [p^2, D]} per hook point (a hook may be absent)
 * @param keyFrequencies the key frequencies k (1 <= k <= p/2), in the order the rows are reported
 */
public record GroundTruth(int p, Map<HookPoint, FloatMatrix> acts, int[] keyFrequencies) {

    public GroundTruth {
        if (p < 3) {
            throw new IllegalArgumentException("expected a modulus p >= 3, found " + p);
        }
        if (acts == null || acts.isEmpty() || keyFrequencies == null || keyFrequencies.length == 0) {
            throw new IllegalArgumentException("expected activations at >= 1 hook point and >= 1 key frequency, found "
                    + (acts == null ? "null" : acts.keySet()) + " and " + Arrays.toString(keyFrequencies));
        }
        for (Map.Entry<HookPoint, FloatMatrix> e : acts.entrySet()) {
            if (e.getValue().rows() != p * p) {
                throw new IllegalArgumentException("expected " + e.getKey().wireName() + " activations [" + p * p
                        + ", D] (p^2 inputs), found " + e.getValue().shape());
            }
        }
        for (int k : keyFrequencies) {
            if (k < 1 || k > p / 2) {
                throw new IllegalArgumentException("expected key frequencies in [1, " + p / 2 + "], found " + k);
            }
        }
        acts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(acts));
        keyFrequencies = keyFrequencies.clone();
    }

    /** A ground truth with activations {@code [p^2, D]} at one hook point only. */
    public static GroundTruth atHook(int p, HookPoint hook, FloatMatrix actsND, int[] keyFrequencies) {
        return new GroundTruth(p, Map.of(hook, actsND), keyFrequencies);
    }

    /** The activations at {@code hook}, or null when there are none. */
    public FloatMatrix at(HookPoint hook) {
        return acts.get(hook);
    }

    /** The activations at the hook named {@code hook} ({@code resid_post}, ...), or null when there are none. */
    public FloatMatrix at(String hook) {
        for (HookPoint h : acts.keySet()) {
            if (h.wireName().equals(hook)) {
                return acts.get(h);
            }
        }
        return null;
    }

    @Override
    public int[] keyFrequencies() {
        return keyFrequencies.clone();
    }
}
