package dev.husai.app.cluster;

import dev.husai.app.sweep.SweepRunner;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.safetensors.DType;
import dev.husai.core.snapshot.SnapshotSink;
import dev.husai.stream.kafka.HusaiTopics;
import dev.husai.stream.kafka.KafkaSnapshotSink;
import dev.husai.stream.kafka.TopicSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import dev.husai.app.cli.KafkaOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code husai worker --bootstrap-servers B}: trains groups of distributed sweeps (published by
 * {@code husai sweep FILE --bootstrap-servers B --coordinator}) until stopped; any number of workers on any machines
 * share the work through one consumer group. See {@link SweepWorker}.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Train groups of a distributed sweep from Kafka (husai sweep FILE --coordinator publishes them) until stopped.")
public final class WorkerCommand implements Callable<Integer> {
    /** {@code --bootstrap-servers} (required) and, for {@code --live}, the snapshots topic's prefix. */
    @Mixin
    KafkaOptions kafka = new KafkaOptions();
    @Option(names = "--work-dir", description = "where groups train before they are sent (default: a temporary folder)")
    Path workDir;
    @Option(names = "--data-dir", defaultValue = ".", description = "folder the activations paths of sweep files are relative to (default: .)")
    Path dataDir;
    @Option(names = "--live", description = "also publish every snapshot to husai.snapshots for the live analyzer and web UI "
            + "(a group taken over from a dead worker then restarts its curves)")
    boolean live;
    @Option(names = "--testbed", defaultValue = "shipped", description = "testbed checkpoint for testbed sweeps ('shipped' = grokked p=113)")
    String testbed;

    @Override
    public Integer call() throws Exception {
        String bootstrapServers = kafka.bootstrapServers();
        if (bootstrapServers == null) {
            throw new IllegalArgumentException("expected --bootstrap-servers (the cluster the coordinator published to), found none");
        }
        Path work = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("husai-worker-");
        SweepWorker worker = new SweepWorker(bootstrapServers, SweepTopics.defaults(), work, dataDir, testbed,
                System.out::println).onProgress(p -> {
                    if (p.step() == p.steps() || p.step() % Math.max(1, p.steps() / 4) == 0) {
                        System.out.printf(Locale.ROOT, "worker:   %s step %d/%d%n", p.group(), p.step(), p.steps());
                    }
                });
        if (live) {
            HusaiTopics snapshots = kafka.topics();
            TopicSetup.ensure(bootstrapServers, snapshots, (short) 1);
            worker.withHooks(new SweepRunner.Hooks() {
                @Override
                public SnapshotSink extraSink(SaeConfig config) {
                    return KafkaSnapshotSink.create(bootstrapServers, snapshots.snapshots(), DType.F16);
                }
            });
        }
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.stop();
            try {
                main.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        System.out.println("husai worker: waiting for sweep groups on " + SweepTopics.defaults().work() + " at "
                + bootstrapServers + " (consumer group " + SweepWorker.CONSUMER_GROUP + "); Ctrl-C to stop");
        worker.run();
        return 0;
    }
}
