package dev.husai.trainer.testbed;

import ai.djl.ndarray.NDManager;
import dev.husai.core.tensor.FloatMatrix;

/** Runs the testbed on all p^2 inputs and returns its activations at both hook points and its logits. */
public final class ActivationExtractor {
    private ActivationExtractor() {
    }

    /** Forward pass over every pair (a, b), a-major. */
    public static TestbedActivations extract(TestbedWeights weights) {
        int p = weights.config().p();
        ModularAdditionData data = new ModularAdditionData(p, 0.5, 0);
        try (NDManager manager = NDManager.newBaseManager();
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
