package dev.husai.app.cli;

import dev.husai.core.fourier.FourierReport;
import dev.husai.trainer.testbed.ActivationExtractor;
import dev.husai.trainer.testbed.ModularAdditionData;
import dev.husai.trainer.testbed.TestbedActivations;
import dev.husai.trainer.testbed.TestbedCheckpoint;

/** Fourier analysis of a checkpoint: activations over all p^2 pairs, then core's {@link FourierReport}. */
public final class TestbedAnalysis {
    private TestbedAnalysis() {
    }

    /** The train split is rebuilt from the checkpoint's seed and train fraction metadata when present. */
    public static FourierReport analyse(TestbedCheckpoint ckpt, double minShare) {
        return analyse(ckpt, ActivationExtractor.extract(ckpt.weights()), minShare);
    }

    /** Same, with the checkpoint's activations already extracted. */
    public static FourierReport analyse(TestbedCheckpoint ckpt, TestbedActivations acts, double minShare) {
        int p = acts.p();
        int[] train = trainPairs(ckpt, p);
        return FourierReport.analyse(p, ckpt.weights().numberEmbedding(), acts.mlpPostNM(), acts.logitsNP().data(), train, minShare);
    }

    static int[] trainPairs(TestbedCheckpoint ckpt, int p) {
        var meta = ckpt.metadata();
        if (meta.containsKey("seed") && meta.containsKey("train_fraction")) {
            return new ModularAdditionData(p, Double.parseDouble(meta.get("train_fraction")),
                    Long.parseLong(meta.get("seed"))).trainIndices();
        }
        return new ModularAdditionData(p, 0.5, 0).allIndices();
    }
}
