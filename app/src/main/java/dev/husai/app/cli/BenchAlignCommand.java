package dev.husai.app.cli;

import dev.husai.app.bench.AlignBench;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code husai bench align}: cosine matrix GFLOP/s and exact matching beside scipy's linear_sum_assignment. */
@Command(name = "align", mixinStandardHelpOptions = true,
        description = "Cosine-matrix rate and exact matching time vs scipy (the bundled anchors/anchor_lap.py) on the same matrices.")
public final class BenchAlignCommand implements Callable<Integer> {
    @Option(names = "--sizes", split = ",", defaultValue = "1024,2048,4096,8192", description = "dictionary sizes n")
    int[] sizes;
    @Option(names = "--from", description = "a sweep group folder: match the decoders of its first two seeds' last snapshots instead, raw and in an 8-dimensional span")
    java.nio.file.Path group;

    @Override
    public Integer call() throws Exception {
        if (group != null) {
            var rows = AlignBench.fromGroup(System.out, group, Files.createTempDirectory("husai-bench-align"));
            return rows.stream().allMatch(AlignBench.Row::totalsAgree) ? 0 : 1;
        }
        var rows = AlignBench.run(System.out, sizes, Files.createTempDirectory("husai-bench-align"));
        return rows.stream().allMatch(r -> Double.isNaN(r.scipyTotal()) || r.totalsAgree()) ? 0 : 1;
    }
}
