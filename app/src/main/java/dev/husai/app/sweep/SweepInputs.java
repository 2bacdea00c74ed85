package dev.husai.app.sweep;

import dev.husai.core.format.EncodedRows;
import dev.husai.core.geometry.DataSubspace;
import dev.husai.core.fourier.GroundTruth;
import dev.husai.core.io.InputFiles;
import dev.husai.core.synth.TruthDictionary;
import dev.husai.core.sweep.SweepSpec;
import dev.husai.core.tensor.Activations;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.trainer.sae.ActivationFile;
import dev.husai.trainer.sae.MultiSeedTrainer;
import dev.husai.trainer.testbed.TestbedCheckpoint;
import dev.husai.trainer.testbed.TestbedInputs;
import dev.husai.trainer.testbed.TestbedWeights;
import java.nio.file.Path;

/**
 * What a sweep trains on: the testbed's activations at its hook (with the testbed for the spliced metrics and Fourier
 * recovery), or the user's own activations file (memory-mapped) with an optional known dictionary.
 *
 * @param rows     the training rows {@code [N, d]}
 * @param weights  the testbed, or null for the user's activations
 * @param testbed  the testbed's ground truth (activations at every hook, key frequencies), or null
 * @param sampleND rows the data subspace is computed from (all testbed rows; up to
 *                 {@link MultiSeedTrainer#EVAL_ROWS} evenly spaced rows of a file)
 * @param truthTD  the known dictionary {@code [T, d]}, or null
 * @param subspace the principal subspace of {@code sampleND} holding {@link DataSubspace#DEFAULT_SHARE} of its variance
 *                 (computed once: every group's in-span figures use it)
 */
public record SweepInputs(Activations rows, TestbedWeights weights, GroundTruth testbed, FloatMatrix sampleND,
                   FloatMatrix truthTD, DataSubspace subspace) {

    /**
     * The inputs a sweep file names: its {@code activations} (paths relative to {@code dataDir}, the sweep file's folder
     * for a local sweep) or the testbed.
     */
    public static SweepInputs of(SweepSpec spec, Path dataDir, String testbedCheckpoint) {
        if (spec.data() == null) {
            TestbedCheckpoint ckpt = TestbedInputs.checkpoint(testbedCheckpoint);
            GroundTruth truth = TestbedInputs.groundTruth(ckpt);
            FloatMatrix actsND = truth.at(spec.hook());
            return new SweepInputs(actsND, ckpt.weights(), truth, actsND, null, subspace(actsND));
        }
        Path base = dataDir.toAbsolutePath();
        SweepSpec.Data data = spec.data();
        EncodedRows rows = ActivationFile.open(base.resolve(data.activations()), data.tensor());
        FloatMatrix sample = rows.gather(Activations.spread(rows.rows(), MultiSeedTrainer.EVAL_ROWS));
        FloatMatrix truth = null;
        if (data.truth() != null) {
            Path file = base.resolve(data.truth());
            truth = TruthDictionary.decode(InputFiles.readBytes(file, "a truth dictionary (.safetensors with W_dec [T, d])"),
                    file.toString(), rows.cols()).atomsTD();
        }
        return new SweepInputs(rows, null, null, sample, truth, subspace(sample));
    }

    /** The summarizer of the sweep's groups on these inputs. */
    public GroupSummarizer summarizer(SweepSpec spec) {
        return new GroupSummarizer(testbed, subspace, spec.tau(), truthTD, spec.convergence());
    }

    private static DataSubspace subspace(FloatMatrix sampleND) {
        return DataSubspace.of(sampleND, DataSubspace.DEFAULT_SHARE);
    }
}
