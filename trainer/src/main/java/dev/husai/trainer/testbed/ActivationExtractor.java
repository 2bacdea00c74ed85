package dev.husai.trainer.testbed;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.husai.core.tensor.FloatMatrix;

/** Runs the testbed on all p^2 inputs and returns its activations at both hook points and its logits. */
public final class ActivationExtractor {
    private ActivationExtractor() {
    }

    /** Forward pass over every pair (a, b), a-major, on DJL's default device (a GPU when one is found). */
    public static TestbedActivations extract(TestbedWeights weights) {
        return extract(weights, null);
    }

    /** As {@link #extract(TestbedWeights)} on the given device (null = DJL's default), e.g. the SAE engine's. */
    public static TestbedActivations extract(TestbedWeights weights, Device device) {
        int p = weights.config().p();
        ModularAdditionData data = new ModularAdditionData(p, 0.5, 0);
        try (NDManager manager = NDManager.newBaseManager(device);
             ModularTransformer model = new ModularTransformer(manager, weights)) {
            Batch all = Batch.of(manager, data, data.allIndices());
            ModularTransformer.Forward f = model.forward(all.a(), all.b());
            int n = p * p;
            return new TestbedActivations(p,
                    new FloatMatrix(n, weights.config().dModel(), f.residPostBD().toFloatArray()),
                    new FloatMatrix(n, weights.config().dMlp(), f.mlpPostBM().toFloatArray()),
                    new FloatMatrix(n, p, f.logitsBP().toFloatArray()));
        }
    }
}
