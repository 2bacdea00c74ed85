package dev.husai.app.stream;

import dev.husai.core.safetensors.DType;
import dev.husai.stream.analysis.MatcherChoice;
import dev.husai.stream.bench.StreamBench;
import dev.husai.stream.bench.StreamBenchOptions;
import dev.husai.stream.bench.StreamBenchResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code husai bench stream}: snapshot-to-metric latency and sustainable rate of one analyzer. */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = "Stream pipeline benchmark: latency from snapshot produced to metric published (p50, p99) "
                + "and the max sustainable snapshot rate of one analyzer (embedded broker unless --bootstrap-servers).")
public final class BenchStreamCommand implements Callable<Integer> {
    @Option(names = "--seeds", defaultValue = "8", description = "seeds in the group")
    int seeds;
    @Option(names = "--d-in", defaultValue = "128", description = "model dimension D")
    int dIn;
    @Option(names = "--d-sae", defaultValue = "1024", description = "latents F")
    int dSae;
    @Option(names = "--rate", defaultValue = "1", description = "snapshots per seed per second")
    double rate;
    @Option(names = "--seconds", defaultValue = "30", description = "duration of the paced phase")
    int seconds;
    @Option(names = "--backlog-steps", defaultValue = "10", description = "steps pushed unthrottled for the max rate (0 = skip)")
    int backlog;
    @Option(names = "--matcher", defaultValue = "auto", description = "exact, greedy (approximation) or auto")
    String matcher;
    @Option(names = "--dtype", defaultValue = "f32", description = "payload dtype f32 or f16")
    String dtype;
    @Option(names = "--bootstrap-servers", description = "external Kafka cluster (default: embedded broker)")
    String bootstrapServers;
    @Option(names = "--target-p99-ms", defaultValue = "500", description = "exit 1 when p99 is above this")
    double targetP99;

    @Override
    public Integer call() throws Exception {
        StreamBenchOptions o = new StreamBenchOptions(seeds, dIn, dSae, rate, seconds, backlog,
                MatcherChoice.parse(matcher), DType.parse(dtype.toUpperCase(java.util.Locale.ROOT)), bootstrapServers);
        StreamBenchResult r = StreamBench.run(o, System.out);
        System.out.print(r.format());
        boolean ok = r.p99Ms() <= targetP99;
        System.out.printf("target p99 <= %.0f ms: %s%n", targetP99, ok ? "met" : "NOT met");
        return ok ? 0 : 1;
    }
}
