package dev.husai.app.cli;

import dev.husai.core.fourier.FourierReport;
import dev.husai.core.fourier.LogitFourier;
import dev.husai.trainer.testbed.TestbedActivations;
import dev.husai.trainer.testbed.ActivationExtractor;
import dev.husai.trainer.testbed.TestbedCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code husai fourier CHECKPOINT}: the ground-truth Fourier analysis of a testbed checkpoint. */
@Command(name = "fourier", mixinStandardHelpOptions = true,
        description = "Key frequencies, embedding Gini, MLP variance explained, restricted/excluded loss of a testbed checkpoint.")
public final class FourierCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "CHECKPOINT",
            description = "testbed .safetensors (default: the shipped grokked p = 113 checkpoint)")
    Path checkpoint;
    @Option(names = "--json", description = "write the report as JSON to this file") Path json;
    @Option(names = "--min-share", defaultValue = "0.04",
            description = "share of the embedding's squared Fourier norm that makes a key frequency (default ${DEFAULT-VALUE})")
    double minShare;

    @Override
    public Integer call() throws Exception {
        TestbedCheckpoint ckpt = checkpoint == null ? TestbedCheckpoint.shipped() : TestbedCheckpoint.read(checkpoint);
        TestbedActivations acts = ActivationExtractor.extract(ckpt.weights());
        FourierReport report = TestbedAnalysis.analyse(ckpt, acts, minShare);
        int p = acts.p();
        System.out.printf(Locale.ROOT, "checkpoint %s: p = %d, accuracy on all p^2 pairs %.2f%%%n",
                checkpoint == null ? "(shipped)" : checkpoint, p, 100 * acts.accuracy(LogitFourier.allPairs(p)));
        System.out.print(FourierFormat.table(report));
        if (json != null) {
            Files.writeString(json, FourierFormat.pretty(FourierFormat.json(report)));
            System.out.println("wrote " + json);
        }
        return 0;
    }
}
