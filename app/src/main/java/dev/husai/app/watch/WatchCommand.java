package dev.husai.app.watch;

import dev.husai.app.cli.KafkaOptions;
import dev.husai.core.safetensors.DType;
import dev.husai.stream.kafka.KafkaSnapshotSink;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code husai watch DIR... --bootstrap-servers HOST:PORT}: publishes the checkpoints a SAELens or sparsify run writes
 * into DIR (one folder per seed) to the snapshots topic as they appear, so that the analyzer and the web UI show the
 * run's cross-seed curves live. Runs until SIGTERM (or one pass with {@code --once}).
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Follow SAELens/sparsify checkpoint folders (one per seed) and publish each new checkpoint as a snapshot.")
public final class WatchCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "one folder per seed (seed = the folder name's trailing number)")
    List<Path> dirs;
    /** {@code --bootstrap-servers} (required: the cluster the analyzer reads, e.g. husai serve's) and the topic flags. */
    @Mixin
    KafkaOptions kafkaOptions = new KafkaOptions();
    @Option(names = "--group", description = "group id of the run (default: the name of the folder holding the first DIR)")
    String group;
    @Option(names = "--state", description = "file of what was published (default: .husai-watch-GROUP beside the first DIR)")
    Path state;
    @Option(names = "--interval-ms", defaultValue = "1000", description = "poll interval (default ${DEFAULT-VALUE})") long intervalMs;
    @Option(names = "--settle-ms", defaultValue = "2000",
            description = "a checkpoint's files must be unchanged this long before it is read (default ${DEFAULT-VALUE})")
    long settleMs;
    @Option(names = "--dtype", defaultValue = "f16", description = "payload dtype f16 or f32 (default ${DEFAULT-VALUE})") String dtype;
    @Option(names = "--once", description = "one pass, then exit (checkpoints not yet settled are left for the next run)")
    boolean once;

    @Override
    public Integer call() throws InterruptedException {
        if (kafkaOptions.bootstrapServers() == null) {
            throw new IllegalArgumentException("expected --bootstrap-servers HOST:PORT (the cluster the analyzer reads), "
                    + "found none");
        }
        if (intervalMs < 10 || settleMs < 0) {
            throw new IllegalArgumentException("expected --interval-ms >= 10 and --settle-ms >= 0, found " + intervalMs
                    + ", " + settleMs);
        }
        Path parent = dirs.get(0).toAbsolutePath().normalize().getParent();
        String g = group != null ? group : parent == null ? "external" : parent.getFileName().toString();
        Path stateFile = state != null ? state : (parent == null ? Path.of(".") : parent).resolve(".husai-watch-" + g);
        DType payload = DType.parse(dtype.toUpperCase(Locale.ROOT));
        PublishedLog log = PublishedLog.open(stateFile, g);
        String topic = kafkaOptions.topics().snapshots();
        KafkaSnapshotSink kafka = KafkaSnapshotSink.create(kafkaOptions.bootstrapServers(), topic, payload);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(stopped::countDown, "husai-watch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            CheckpointWatcher w = new CheckpointWatcher(dirs, g, s -> {
                kafka.accept(s);
                kafka.flush();
            }, log, settleMs, System::currentTimeMillis, System.out::println);
            System.out.println("watch: group " + g + ", seeds " + w.seeds().values() + " -> " + topic + " at "
                    + kafkaOptions.bootstrapServers() + "; state " + stateFile + " (" + log.size() + " already published)");
            do {
                w.poll();
            } while (!once && !stopped.await(intervalMs, java.util.concurrent.TimeUnit.MILLISECONDS));
            if (once) {
                Thread.sleep(Math.min(settleMs, 10_000) + 10);
                w.poll();
            }
        } finally {
            kafka.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already
            }
        }
        return 0;
    }
}
