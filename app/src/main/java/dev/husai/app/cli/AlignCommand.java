package dev.husai.app.cli;

import dev.husai.app.align.AlignReport;
import dev.husai.core.checkpoint.Checkpoints;
import dev.husai.core.safetensors.SafetensorsException;
import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.stability.PairMetrics;
import dev.husai.core.stability.SaeDictionaries;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code husai align A B}: cross-seed alignment of two SAE checkpoints, beside its baselines. */
@Command(name = "align", mixinStandardHelpOptions = true,
        description = "PW-MCC (decoder, encoder), shared fraction and baselines of two SAEs: HUSAI snapshots "
                + "(.safetensors) or SAELens, sparsify or dictionary_learning folders (format detected).")
public final class AlignCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "A", description = "first SAE: a HUSAI .safetensors or a SAELens/sparsify/dictionary_learning folder") Path a;
    @Parameters(index = "1", paramLabel = "B", description = "second SAE") Path b;
    @Option(names = "--tau", description = "cosine threshold for 'shared' (default ${DEFAULT-VALUE})")
    double tau = PairMetrics.DEFAULT_TAU;
    @Option(names = "--json", description = "print JSON instead of the table") boolean json;
    @Option(names = "--pairs", defaultValue = "10", description = "matched pairs listed in the table") int pairs;

    @Override
    public Integer call() {
        if (!(tau > -1 && tau <= 1)) {
            throw new IllegalArgumentException("expected --tau in (-1, 1], found " + tau);
        }
        AlignReport report = AlignReport.compute(a.toString(), read(a), b.toString(), read(b), tau);
        System.out.print(json ? report.toJson() + "\n" : report.toText(pairs));
        return 0;
    }

    /** Reads an SAE (any format {@link Checkpoints} detects); NaN weights are refused here with their location. */
    static SaeDictionaries read(Path file) {
        try {
            SaeWeights w = Checkpoints.read(file).weights();
            String bad = w.firstNonFinite();
            if (bad != null) {
                throw new IllegalArgumentException(file + ": expected finite weights, found " + bad);
            }
            return SaeDictionaries.fromWeights(w.wDecFD(), w.wEncDF());
        } catch (SafetensorsException e) {
            throw e.getMessage().startsWith(file.toString()) ? e : new SafetensorsException(file + ": " + e.getMessage(), e);
        }
    }
}
