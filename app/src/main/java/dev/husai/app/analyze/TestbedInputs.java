package dev.husai.app.analyze;

import dev.husai.core.config.HookPoint;
import dev.husai.core.fourier.EmbeddingFourier;
import dev.husai.core.fourier.FourierBasis;
import dev.husai.core.fourier.FourierReport;
import dev.husai.trainer.testbed.ActivationExtractor;
import dev.husai.trainer.testbed.TestbedCheckpoint;
import java.nio.file.Path;

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
        int p = acts.p();
        int[] keys = EmbeddingFourier.keyFrequencies(
                EmbeddingFourier.frequencyNorms(new FourierBasis(p), ckpt.weights().numberEmbedding()),
                FourierReport.DEFAULT_MIN_SHARE);
        return new GroupAnalysis.Testbed(p, acts.at(hook), keys);
    }
}
