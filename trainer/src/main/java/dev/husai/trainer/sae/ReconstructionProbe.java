package dev.husai.trainer.sae;

import dev.husai.core.tensor.FloatMatrix;
import java.util.Map;

/**
 * Downstream metrics of a reconstruction of the evaluation rows, e.g. the testbed's accuracy and loss when
 * the SAE output is spliced back in place of the activations ({@link TestbedProbe}).
 */
@FunctionalInterface
public interface ReconstructionProbe {
    /**
     * @param reconstructionND the SAE's reconstruction of every evaluation row {@code [N, D]}
     * @return metric name to value, e.g. {@code spliced_accuracy}
     */
    Map<String, Double> evaluate(FloatMatrix reconstructionND);
}
