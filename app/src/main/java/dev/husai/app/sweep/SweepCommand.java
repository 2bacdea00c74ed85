package dev.husai.app.sweep;

import dev.husai.app.cli.LiveStack;
import dev.husai.app.cluster.SweepCoordinator;
import dev.husai.app.cluster.SweepTopics;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.geometry.DataSubspace;
import dev.husai.core.safetensors.DType;
import dev.husai.core.snapshot.SnapshotSink;
import dev.husai.core.sweep.SweepSpec;
import dev.husai.stream.kafka.ControlListener;
import dev.husai.stream.kafka.HusaiTopics;
import dev.husai.stream.kafka.KafkaSnapshotSink;
import dev.husai.stream.kafka.TopicSetup;
import dev.husai.trainer.sae.EngineChoice;
import dev.husai.trainer.sae.MultiSeedTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import dev.husai.app.cli.KafkaOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code husai sweep FILE}: trains every group of a declarative grid (resumable), summarises each into
 * {@code OUT/GROUP/summary.json}, optionally through Kafka so the web UI shows it live; {@code husai report OUT}
 * turns the summaries into the report.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Train a grid of SAE groups (arch x width x sparsity x seeds) from a YAML/JSON sweep file; resumable.")
public final class SweepCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "sweep file (YAML or JSON), e.g. docs/sweeps/stability-grid.yaml")
    Path file;
    @Option(names = "--out", description = "output directory (default: runs/sweep-<name>)") Path out;
    @Option(names = "--testbed", defaultValue = "shipped", description = "testbed checkpoint ('shipped' = grokked p=113)")
    String testbed;
    @Option(names = "--live", description = "also run the embedded broker, analyzer and web UI and stream the sweep to it")
    boolean live;
    @Option(names = "--port", defaultValue = "8080", description = "web UI port with --live") int port;
    /** {@code --bootstrap-servers} (also publish snapshots there and obey stops; with {@code --coordinator}: the
     * workers' cluster) and the topic flags of the snapshots and control topics. */
    @Mixin
    KafkaOptions kafka = new KafkaOptions();
    @Option(names = "--coordinator", description = "with --bootstrap-servers: publish the groups for husai worker processes "
            + "(any number, any machines) and collect their results into --out, instead of training here")
    boolean coordinator;
    @Option(names = "--fp16", description = "write fp16 snapshots (half the disk)") boolean fp16;
    @Option(names = "--engine", paramLabel = "djl|blas",
            description = "SAE engine of every group (default: djl on a GPU when one is found, else blas); see husai train")
    String engine;
    @Option(names = "--device", paramLabel = "gpu|cpu", description = "device of the djl engine (default: gpu when found)")
    String device;
    @Option(names = "--dry-run", description = "list the groups and the work, train nothing") boolean dryRun;
    @Option(names = "--resummarize", description = "recompute the summaries of finished groups from their snapshots, train nothing")
    boolean resummarize;

    @Override
    public Integer call() throws Exception {
        if (live && kafka.bootstrapServers() != null) {
            throw new IllegalArgumentException("expected --live or --bootstrap-servers, found both");
        }
        if (coordinator && kafka.bootstrapServers() == null) {
            throw new IllegalArgumentException("expected --coordinator with --bootstrap-servers (the cluster the workers use), found none");
        }
        EngineChoice choice = EngineChoice.parse(engine, device);
        SweepSpec spec = SweepFile.read(file);
        Path dir = out != null ? out : Path.of("runs", "sweep-" + spec.name());
        SweepInputs inputs = SweepInputs.of(spec, file.toAbsolutePath().getParent(), testbed);
        List<SaeConfig> configs = spec.configs(inputs.rows().cols());
        System.out.printf(Locale.ROOT, "husai sweep '%s': %d groups x %d seeds = %d SAEs -> %s%n", spec.name(),
                configs.size(), spec.seeds().size(), spec.saeCount(), dir);
        if (spec.data() != null) {
            System.out.println("data: " + spec.data().activations() + " [" + inputs.rows().rows() + ", " + inputs.rows().cols()
                    + "]" + (inputs.truthTD() == null ? "" : ", truth " + spec.data().truth() + " (" + inputs.truthTD().rows()
                    + " atoms)") + "; spliced accuracy and Fourier recovery skipped: the activations are not the testbed's");
        }
        if (spec.convergence().stopEarly()) {
            System.out.println("convergence: each group stops at the first snapshot where its stability curve is flat"
                    + " (|slope| <= " + spec.convergence().maxSlopePer1k() + " per 1k steps); steps are caps");
        }
        if (dryRun) {
            configs.forEach(c -> System.out.println("  " + c.groupId()));
            return 0;
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("sweep.yaml"), Files.readString(file));
        if (coordinator) {
            boolean done = new SweepCoordinator(kafka.bootstrapServers(), SweepTopics.defaults(), dir, System.out::println)
                    .run(spec.name(), Files.readString(file), file.getFileName().toString(), configs, Duration.ofDays(365));
            System.out.println("husai sweep: " + (done ? "done" : "stopped") + "; write the report with: husai report " + dir);
            return 0;
        }
        DataSubspace subspace = inputs.subspace();
        System.out.printf(Locale.ROOT, "data subspace: rank %d of %d holds %.1f%% of the activations' variance%n",
                subspace.rank(), inputs.sampleND().cols(), 100 * subspace.varianceShare());
        GroupSummarizer summarizer = inputs.summarizer(spec);
        if (resummarize) {
            SweepRunner runner = new SweepRunner(spec, dir, inputs.weights(), inputs.rows(), summarizer,
                    new SweepRunner.Hooks() { }, DType.F32);
            List<SaeConfig> done = configs.stream().filter(runner::done).toList();
            for (int i = 0; i < done.size(); i++) {
                long t0 = System.nanoTime();
                runner.resummarize(done.get(i));
                System.out.printf(Locale.ROOT, "resummarized %d/%d %s in %.1f s%n", i + 1, done.size(), done.get(i).groupId(),
                        (System.nanoTime() - t0) / 1e9);
            }
            return 0;
        }
        LiveStack stack = live ? LiveStack.start("127.0.0.1", port, null, dir, inputs.testbed()) : null;
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        if (stack != null) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stack.close();
                stopped.countDown();
            }));
        }
        String bootstrap = stack != null ? stack.bootstrap() : kafka.bootstrapServers();
        SweepRunner.Hooks hooks = bootstrap == null ? new SweepRunner.Hooks() { } : kafkaHooks(bootstrap,
                stack != null ? stack.topics() : kafka.topics());
        SweepRunner runner = new SweepRunner(spec, dir, inputs.weights(), inputs.rows(), summarizer,
                SweepRunner.Hooks.withEngine(hooks, choice), fp16 ? DType.F16 : DType.F32);
        runAll(runner, configs);
        System.out.println("husai sweep: done; write the report with: husai report " + dir);
        if (stack != null) {
            System.out.println("husai sweep: the web UI stays up for browsing; Ctrl-C to stop.");
            stopped.await();
        }
        return 0;
    }

    private static void runAll(SweepRunner runner, List<SaeConfig> configs) {
        List<SummaryFile> finished = runner.finished();
        long doneUnits = configs.stream().filter(runner::done).mapToLong(SweepProgress::units).sum();
        Duration doneTime = Duration.ofMillis((long) (1000 * finished.stream().mapToDouble(SummaryFile::wallSeconds).sum()));
        if (!finished.isEmpty()) {
            System.out.println("resuming: " + finished.size() + " of " + configs.size() + " groups already done");
        }
        try (SweepProgress progress = new SweepProgress(configs, doneUnits, doneTime, System.out)) {
            for (int i = 0; i < configs.size(); i++) {
                SaeConfig c = configs.get(i);
                if (!runner.done(c)) {
                    progress.startGroup(c, i + 1, configs.size());
                    progress.endGroup(c, runner.runGroup(c, progress));
                }
            }
        }
    }

    private static SweepRunner.Hooks kafkaHooks(String bootstrap, HusaiTopics topics) {
        TopicSetup.ensure(bootstrap, topics, (short) 1);
        return new SweepRunner.Hooks() {
            @Override
            public SnapshotSink extraSink(SaeConfig config) {
                return KafkaSnapshotSink.create(bootstrap, topics.snapshots(), DType.F16);
            }

            @Override
            public AutoCloseable whileTraining(SaeConfig config, MultiSeedTrainer trainer) {
                return new ControlListener(bootstrap, topics.control(), config.groupId(), m -> trainer.stop(m.seed())).start();
            }
        };
    }
}
