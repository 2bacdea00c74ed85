package dev.husai.trainer.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.husai.core.config.HookPoint;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.trainer.testbed.Batch;
import dev.husai.trainer.testbed.GrokTrainer;
import dev.husai.trainer.testbed.ModularAdditionData;
import dev.husai.trainer.testbed.ModularTransformer;
import dev.husai.trainer.testbed.TestbedWeights;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Spliced accuracy and loss on the testbed: the activations at the hook, for all p^2 pairs in a-major order
 * (as {@link dev.husai.trainer.testbed.ActivationExtractor} gives them), are replaced by the SAE's
 * reconstruction and the model's remaining computation runs on it: {@code resid_post} goes straight to the
 * unembedding, {@code mlp_post} through {@code W_out} and the residual. Reports {@code spliced_accuracy},
 * {@code spliced_loss} (mean cross-entropy over all pairs) and the clean model's {@code clean_accuracy},
 * {@code clean_loss} for reference.
 */
public final class TestbedProbe implements ReconstructionProbe, AutoCloseable {
    private final NDManager manager = NDManager.newBaseManager();
    private final ModularTransformer model;
    private final HookPoint hook;
    private final Batch all;
    private final double cleanAccuracy;
    private final double cleanLoss;

    public TestbedProbe(TestbedWeights weights, HookPoint hook) {
        this.hook = hook;
        this.model = new ModularTransformer(manager, weights);
        ModularAdditionData data = new ModularAdditionData(weights.config().p(), 0.5, 0);
        this.all = Batch.of(manager, data, data.allIndices());
        try (NDManager m = manager.newSubManager()) {
            NDArray logits = model.forward(all.a(), all.b()).logitsBP();
            cleanAccuracy = GrokTrainer.accuracy(logits, all.y());
            cleanLoss = GrokTrainer.crossEntropy(logits, all.y()).getFloat();
        }
    }

    @Override
    public Map<String, Double> evaluate(FloatMatrix reconstructionND) {
        if (reconstructionND.rows() != all.size()) {
            throw new IllegalArgumentException("expected a reconstruction of all " + all.size() + " pairs, found "
                    + reconstructionND.shape());
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray recon = m.create(reconstructionND.data(), new Shape(reconstructionND.rows(), reconstructionND.cols()));
            NDArray logits = hook == HookPoint.RESID_POST ? model.unembed(recon)
                    : model.logitsWithMlpPost(all.a(), all.b(), recon);
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("spliced_accuracy", GrokTrainer.accuracy(logits, all.y()));
            out.put("spliced_loss", (double) GrokTrainer.crossEntropy(logits, all.y()).getFloat());
            out.put("clean_accuracy", cleanAccuracy);
            out.put("clean_loss", cleanLoss);
            return out;
        }
    }

    @Override
    public void close() {
        model.close();
        manager.close();
    }
}
