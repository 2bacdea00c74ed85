package dev.husai.app.cli;

import dev.husai.app.analyze.AnalyzeFormat;
import dev.husai.app.analyze.GroupAnalysis;
import dev.husai.app.analyze.SnapshotSet;
import dev.husai.core.config.HookPoint;
import dev.husai.core.fourier.GroundTruth;
import dev.husai.core.io.InputFiles;
import dev.husai.core.stability.PairMetrics;
import dev.husai.core.synth.TruthDictionary;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.trainer.testbed.TestbedInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code husai analyze DIR}: stability, consensus, geometry and Fourier recovery of one group's seeds, and with
 * {@code --truth DICT} each seed's recovery of a known dictionary.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Cross-seed stability of one group (every seed pair + aggregates, baselines, consensus, geometry, Fourier recovery).")
public final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "directory of one group's SAE snapshots (any depth)") Path dir;
    @Option(names = "--tau", description = "cosine threshold for 'shared' and universal latents (default ${DEFAULT-VALUE})")
    double tau = PairMetrics.DEFAULT_TAU;
    @Option(names = "--step", defaultValue = "-1", description = "analyse this step (default: each seed's latest)") long step;
    @Option(names = "--json", description = "write JSON to this file ('-' = stdout instead of the table)") String json;
    @Option(names = "--testbed", description = "testbed checkpoint for Fourier recovery ('shipped' = the grokked p=113 model)")
    String testbed;
    @Option(names = "--truth", paramLabel = "DICT",
            description = "known dictionary (a safetensors with W_dec [T, d], e.g. husai synth's truth.safetensors): "
                    + "report each seed's recovery of it (MCC vs truth, fraction of atoms at >= tau) beside stability")
    Path truth;

    @Override
    public Integer call() throws Exception {
        if (!(tau > -1 && tau <= 1)) {
            throw new IllegalArgumentException("expected --tau in (-1, 1], found " + tau);
        }
        SnapshotSet set = SnapshotSet.load(dir, step);
        GroupAnalysis g = GroupAnalysis.of(set, tau, testbed == null ? null : testbed(set), truthAtoms(set));
        if ("-".equals(json)) {
            System.out.println(AnalyzeFormat.json(g, tau));
            return 0;
        }
        System.out.print(AnalyzeFormat.text(g, tau));
        if (json != null) {
            Files.writeString(Path.of(json), AnalyzeFormat.json(g, tau));
            System.out.println("wrote " + json);
        }
        return 0;
    }

    /** The true atoms {@code [T, d]} of {@code --truth}, checked against the SAEs' d_in, or null without it. */
    private FloatMatrix truthAtoms(SnapshotSet set) {
        if (truth == null) {
            return null;
        }
        int dIn = set.bySeed().values().iterator().next().weights().dIn();
        return TruthDictionary.decode(InputFiles.readBytes(truth, "a --truth dictionary (.safetensors with W_dec [T, d])"), truth.toString(), dIn).atomsTD();
    }

    /** The testbed's inputs at the group's hook, or null (with a note) when the group trained on other activations. */
    private GroundTruth testbed(SnapshotSet set) {
        HookPoint hook = HookPoint.of(set.bySeed().values().iterator().next().meta("hook", "resid_post"));
        if (!hook.isTestbed()) {
            System.err.println("Fourier recovery skipped: hook " + hook.wireName()
                    + " is not the testbed's (expected resid_post or mlp_post for --testbed)");
            return null;
        }
        return TestbedInputs.groundTruth(TestbedInputs.checkpoint(testbed));
    }
}
