package dev.husai.app.analyze;

import dev.husai.core.config.HookPoint;
import dev.husai.core.fourier.EmbeddingFourier;
import dev.husai.core.fourier.FourierBasis;
import dev.husai.core.fourier.FourierReport;
import dev.husai.core.fourier.GroundTruth;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.trainer.testbed.ActivationExtractor;
import dev.husai.trainer.testbed.TestbedCheckpoint;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Loads a testbed checkpoint's activations and key frequencies for ground-truth recovery. */
public final class TestbedInputs {
    private TestbedInputs() {
    }

    /** {@code spec} is {@code shipped} (the grokked p=113 model) or a checkpoint path. */
    public static TestbedCheckpoint checkpoint(String spec) {
        return "shipped".equals(spec) ? TestbedCheckpoint.shipped() : TestbedCheckpoint.read(Path.of(spec));
    }

    /** Activations at {@code hook} over all p^2 pairs and the embedding's key frequencies. */
    public static GroupAnalysis.Testbed of(TestbedCheckpoint ckpt, HookPoint hook) {
        var acts = ActivationExtractor.extract(ckpt.weights());
        return new GroupAnalysis.Testbed(acts.p(), acts.at(hook), keyFrequencies(ckpt, acts.p()));
    }

    /**
     * The live analyzer's ground truth: activations at every hook point (one forward pass over the p^2 pairs) and
     * the key frequencies, the same inputs as {@link #of} (so {@code fourier} points equal {@code husai analyze --testbed}).
     */
    public static GroundTruth groundTruth(TestbedCheckpoint ckpt) {
        var acts = ActivationExtractor.extract(ckpt.weights());
        Map<HookPoint, FloatMatrix> byHook = new LinkedHashMap<>();
        for (HookPoint h : HookPoint.values()) {
            byHook.put(h, acts.at(h));
        }
        return new GroundTruth(acts.p(), byHook, keyFrequencies(ckpt, acts.p()));
    }

    /** The analyzer's ground truth of one hook's inputs (e.g. a sweep's). */
    public static GroundTruth groundTruth(GroupAnalysis.Testbed testbed, HookPoint hook) {
        return new GroundTruth(testbed.p(), Map.of(hook, testbed.actsND()), testbed.keyFrequencies());
    }

    private static int[] keyFrequencies(TestbedCheckpoint ckpt, int p) {
        return EmbeddingFourier.keyFrequencies(
                EmbeddingFourier.frequencyNorms(new FourierBasis(p), ckpt.weights().numberEmbedding()),
                FourierReport.DEFAULT_MIN_SHARE);
    }
}
