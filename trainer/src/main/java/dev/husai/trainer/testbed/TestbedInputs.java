package dev.husai.trainer.testbed;

import dev.husai.core.config.HookPoint;
import dev.husai.core.fourier.EmbeddingFourier;
import dev.husai.core.fourier.FourierBasis;
import dev.husai.core.fourier.FourierReport;
import dev.husai.core.fourier.GroundTruth;
import dev.husai.core.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Loads a testbed checkpoint's activations and key frequencies as core's {@link GroundTruth} (a trainer-side adapter). */
public final class TestbedInputs {
    private TestbedInputs() {
    }

    /** {@code spec} is {@code shipped} (the grokked p=113 model) or a checkpoint path. */
    public static TestbedCheckpoint checkpoint(String spec) {
        return "shipped".equals(spec) ? TestbedCheckpoint.shipped() : TestbedCheckpoint.read(Path.of(spec));
    }

    /**
     * The one ground truth of {@code husai analyze --testbed}, sweeps and the live analyzer: activations at every hook
     * point (one forward pass over the p^2 pairs) and the embedding's key frequencies.
     */
    public static GroundTruth groundTruth(TestbedCheckpoint ckpt) {
        var acts = ActivationExtractor.extract(ckpt.weights());
        Map<HookPoint, FloatMatrix> byHook = new LinkedHashMap<>();
        for (HookPoint h : HookPoint.values()) {
            byHook.put(h, acts.at(h));
        }
        return new GroundTruth(acts.p(), byHook, keyFrequencies(ckpt, acts.p()));
    }

    private static int[] keyFrequencies(TestbedCheckpoint ckpt, int p) {
        return EmbeddingFourier.keyFrequencies(
                EmbeddingFourier.frequencyNorms(new FourierBasis(p), ckpt.weights().numberEmbedding()),
                FourierReport.DEFAULT_MIN_SHARE);
    }
}
