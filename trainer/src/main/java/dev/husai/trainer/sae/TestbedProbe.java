package dev.husai.trainer.sae;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
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
 *
 * <p>Memory: what does not depend on the reconstruction (the one-hot labels {@code [N, P]}, the residual stream
 * after attention {@code [N, D]}) is computed once and owned by the probe's manager. Each {@link #evaluate} runs
 * in its own sub-manager and {@link NDScope}, and computes every result from the reconstruction first, so nothing
 * it makes outlives the call ({@link #liveArrays} stays constant; a regression test counts it).
 */
public final class TestbedProbe implements ReconstructionProbe, AutoCloseable {
    private final NDManager manager;
    private final ModularTransformer model;
    private final HookPoint hook;
    private final int pairs;
    private final NDArray labelsN;
    private final NDArray oneHotNP;
    private final NDArray residMidND;
    private final double cleanAccuracy;
    private final double cleanLoss;
    /** The reconstruction goes to PyTorch through one reused direct buffer (at mlp_post 26 MB per call). */
    private final DirectStaging staging = new DirectStaging();

    public TestbedProbe(TestbedWeights weights, HookPoint hook) {
        this(weights, hook, null);
    }

    /** As above, the model's forward pass on {@code device} (null = DJL's default: a GPU when one is found). */
    public TestbedProbe(TestbedWeights weights, HookPoint hook, Device device) {
        this.manager = NDManager.newBaseManager(device);
        this.hook = hook.requireTestbed();
        this.model = new ModularTransformer(manager, weights);
        ModularAdditionData data = new ModularAdditionData(weights.config().p(), 0.5, 0);
        Batch all = Batch.of(manager, data, data.allIndices());
        this.pairs = (int) all.size();
        this.labelsN = all.y();
        this.oneHotNP = all.y().oneHot(weights.config().p(), DataType.FLOAT32);
        this.residMidND = HookPoint.MLP_POST.equals(hook) ? model.residMid(all.a(), all.b()) : null;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray logits = model.forward(all.a(), all.b()).logitsBP();
            cleanAccuracy = accuracy(logits);
            cleanLoss = GrokTrainer.crossEntropyOneHot(logits, oneHotNP).getFloat();
        }
    }

    @Override
    public Map<String, Double> evaluate(FloatMatrix reconstructionND) {
        if (reconstructionND.rows() != pairs) {
            throw new IllegalArgumentException("expected a reconstruction of all " + pairs + " pairs, found "
                    + reconstructionND.shape());
        }
        try (NDManager m = manager.newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray recon = m.create(staging.stage(reconstructionND.data(), reconstructionND.data().length),
                    new Shape(reconstructionND.rows(), reconstructionND.cols()), DataType.FLOAT32);
            NDArray logits = HookPoint.RESID_POST.equals(hook) ? model.unembed(recon)
                    : model.logitsWithMlpPost(residMidND, recon);
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("spliced_accuracy", accuracy(logits));
            out.put("spliced_loss", (double) GrokTrainer.crossEntropyOneHot(logits, oneHotNP).getFloat());
            out.put("clean_accuracy", cleanAccuracy);
            out.put("clean_loss", cleanLoss);
            return out;
        }
    }

    private double accuracy(NDArray logitsNP) {
        return GrokTrainer.accuracy(logitsNP, labelsN);
    }

    /** Arrays held by the probe's manager and its sub-managers (constant across {@link #evaluate} calls). */
    int liveArrays() {
        return manager.getManagedArrays().size();
    }

    @Override
    public void close() {
        model.close();
        manager.close();
    }
}
