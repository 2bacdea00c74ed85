package dev.husai.app.cli;

import dev.husai.core.config.HookPoint;
import dev.husai.core.config.Prefixes;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.format.EncodedRows;
import dev.husai.core.safetensors.DType;
import dev.husai.core.tensor.Activations;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.core.snapshot.SnapshotSink;
import dev.husai.stream.kafka.ControlListener;
import dev.husai.stream.kafka.HusaiTopics;
import dev.husai.stream.kafka.KafkaSnapshotSink;
import dev.husai.stream.kafka.TopicSetup;
import dev.husai.trainer.sae.ActivationFile;
import dev.husai.trainer.sae.DirectorySnapshotSink;
import dev.husai.trainer.sae.EngineChoice;
import dev.husai.trainer.sae.MultiSeedTrainer;
import dev.husai.trainer.sae.PrintingProgressListener;
import dev.husai.trainer.sae.ProgressListener;
import dev.husai.trainer.sae.ReconstructionProbe;
import dev.husai.trainer.sae.TestbedProbe;
import dev.husai.trainer.testbed.ActivationExtractor;
import dev.husai.trainer.testbed.TestbedCheckpoint;
import dev.husai.trainer.testbed.TestbedWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code husai train}: one SAE configuration trained with several seeds at once on the testbed's activations, or on
 * the user's own ({@code --activations FILE}, memory-mapped; the group's hook token names the data and the testbed-only
 * spliced accuracy and Fourier recovery are skipped); a snapshot of every seed every N steps under {@code OUT/GROUP/seed-S/} and a summary per seed.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train an SAE with several seeds at once on the testbed's activations or your own --activations FILE "
                + "(snapshots every N steps).")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--arch", defaultValue = "topk",
            description = "relu_l1, topk, batch_topk, jumprelu or matryoshka_batch_topk (alias matryoshka) (default ${DEFAULT-VALUE})")
    String arch;
    @Option(names = "--hook", description = "testbed hook point: resid_post or mlp_post (default resid_post)")
    String hook;
    @Option(names = "--activations", paramLabel = "FILE",
            description = "train on your own activations [N, d] instead of the testbed's: a .npy (float32 or float16) or "
                    + "a .safetensors tensor, memory-mapped (may be larger than the heap)")
    Path activations;
    @Option(names = "--tensor", paramLabel = "NAME",
            description = "the 2-D tensor of a --activations .safetensors file (default: its only 2-D tensor)")
    String tensor;
    @Option(names = "--hook-name", paramLabel = "NAME",
            description = "the hook token of the group id for --activations (default: the file name without extension)")
    String hookName;
    @Mixin WidthOptions width;
    @Option(names = "--k", defaultValue = "32",
            description = "active latents per row (TopK, BatchTopK, Matryoshka); JumpReLU's target L0 (default ${DEFAULT-VALUE})")
    int k;
    @Option(names = "--l0-coefficient", paramLabel = "LAMBDA", defaultValue = "0",
            description = "jumprelu: a fixed L0 coefficient lambda (the paper's lambda L0, warmed up over --l1-warmup) "
                    + "instead of the default penalty that pulls the L0 toward --k")
    double l0Coefficient;
    @Option(names = "--prefixes", paramLabel = "M1,M2,..",
            description = "matryoshka_batch_topk: nested prefix sizes, increasing, d_sae appended "
                    + "(default d_sae/16, /8, /4, /2, d_sae)")
    String prefixes;
    @Option(names = "--l1", defaultValue = "1.0", description = "L1 coefficient, relu_l1 (default ${DEFAULT-VALUE})")
    double l1;
    @Option(names = "--l1-warmup", defaultValue = "200", description = "L1 coefficient warm-up steps (default ${DEFAULT-VALUE})")
    int l1Warmup;
    @Option(names = "--lr", defaultValue = "1e-3") double lr;
    @Option(names = "--warmup", defaultValue = "50", description = "lr warm-up steps (default ${DEFAULT-VALUE})") int warmup;
    @Option(names = "--decay", defaultValue = "400",
            description = "lr linear decay to 0 over the last steps, shortened to fit after the warm-up (default ${DEFAULT-VALUE})")
    int decay;
    @Option(names = "--batch-size", defaultValue = "1024") int batchSize;
    @Option(names = "--steps", defaultValue = "2000") int steps;
    @Option(names = "--seeds", defaultValue = "0..7", description = "seeds: 0..7, 1,4,9 or 3 (default ${DEFAULT-VALUE})")
    String seeds;
    @Option(names = "--snapshot-every", defaultValue = "100") int snapshotEvery;
    @Option(names = "--auxk", defaultValue = "0.03125", description = "AuxK coefficient (default 1/32)") double auxk;
    @Option(names = "--dead-window", defaultValue = "200", description = "steps without firing that make a latent dead")
    int deadWindow;
    @Option(names = "--testbed", description = "testbed checkpoint (default: the shipped grokked p=113 model)")
    Path testbed;
    @Option(names = "--out", defaultValue = "runs/train", description = "output directory (default ${DEFAULT-VALUE})")
    Path out;
    @Option(names = "--fp16", description = "write fp16 snapshot payloads (half the size)") boolean fp16;
    @Option(names = "--quiet", description = "no progress lines") boolean quiet;
    /** With {@code --bootstrap-servers}: publish snapshots to {@code <prefix>.snapshots} and obey stop messages on
     * {@code <prefix>.control}, instead of writing {@code --out}. */
    @Mixin
    KafkaOptions kafka = new KafkaOptions();
    @Option(names = "--engine", paramLabel = "djl|blas",
            description = "SAE engine: djl (all seeds as batched PyTorch tensors, CPU or GPU) or blas (native sgemm + sparse "
                    + "Java, CPU) (default: djl on a GPU when one is found, else blas)")
    String engine;
    @Option(names = "--device", paramLabel = "gpu|cpu",
            description = "device of the djl engine and of the testbed's forward pass (default: gpu when one is found)")
    String device;

    @Override
    public Integer call() {
        requireOneSource();
        if (activations != null) {
            EncodedRows rows = ActivationFile.open(activations, tensor);
            SaeConfig config = config(HookPoint.external(hookName != null ? hookName : stem(activations)), rows.cols());
            EngineChoice choice = EngineChoice.parse(engine, device);
            System.out.println("spliced accuracy and Fourier recovery skipped: the activations are not the testbed's");
            return train(config, rows, null, choice);
        }
        HookPoint hookPoint = HookPoint.parse(hook == null ? HookPoint.RESID_POST.wireName() : hook);
        TestbedWeights weights = (testbed == null ? TestbedCheckpoint.shipped() : TestbedCheckpoint.read(testbed)).weights();
        SaeConfig config = config(hookPoint, weights.config().width(hookPoint));
        EngineChoice choice = EngineChoice.parse(engine, device);
        FloatMatrix data = ActivationExtractor.extract(weights, choice.device()).at(hookPoint);
        try (TestbedProbe probe = new TestbedProbe(weights, hookPoint, choice.device())) {
            return train(config, data, probe, choice);
        }
    }

    /** Either the testbed ({@code --testbed}, {@code --hook}) or the user's own {@code --activations}, not both. */
    private void requireOneSource() {
        if (activations != null && (testbed != null || hook != null)) {
            throw new IllegalArgumentException("expected either --activations or the testbed's --testbed/--hook, found "
                    + "--activations " + activations + " with " + (testbed != null ? "--testbed " + testbed : "--hook " + hook));
        }
        if (activations == null && (tensor != null || hookName != null)) {
            throw new IllegalArgumentException("expected --tensor and --hook-name only with --activations, found "
                    + (tensor != null ? "--tensor " + tensor : "--hook-name " + hookName) + " without it");
        }
    }

    /** Trains all seeds, publishing snapshots to the sink; prints one line per seed ({@code probe} null: no spliced columns). */
    private int train(SaeConfig config, Activations data, ReconstructionProbe probe, EngineChoice choice) {
        List<ProgressListener> listeners = quiet ? List.of() : List.of(new PrintingProgressListener(System.out));
        Map<Long, MultiSeedTrainer.SeedResult> results;
        try (SnapshotSink sink = sink();
             MultiSeedTrainer trainer = new MultiSeedTrainer(config, data, null, probe, sink, listeners, choice);
             AutoCloseable control = controlListener(config.groupId(), trainer)) {
            if (!quiet) {
                // the BLAS engine's one dense product may be PyTorch's (DenseKernel's rule: no OPENBLAS_CORETYPE in the environment)
                System.out.println("engine " + choice.label()
                        + (choice.djl() ? "" : " (dense product " + trainer.kernelName() + ")"));
            }
            results = trainer.run();
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        System.out.println("group " + config.groupId() + " -> "
                + (kafka.bootstrapServers() == null ? out.resolve(config.groupId()) : "Kafka " + kafka.bootstrapServers()));
        System.out.println("seed     fvu      l0   dead" + (probe == null ? "" : "  spliced_acc spliced_loss") + "  stopped");
        results.values().forEach(r -> System.out.printf(Locale.ROOT, "%4d  %.4f  %6.2f  %.3f  %s%s%n",
                r.seed(), get(r, "fvu"), get(r, "l0"), get(r, "dead_fraction"), probe == null ? ""
                        : String.format(Locale.ROOT, "%.4f      %.4f        ", get(r, "spliced_accuracy"), get(r, "spliced_loss")),
                r.stoppedReason() == null ? "-" : r.stoppedReason()));
        return 0;
    }

    /** The file name without its extension: {@code acts} for {@code runs/acts.npy}. */
    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * The validated configuration, before anything heavy starts (the testbed's forward pass loads PyTorch): every
     * flag is checked here. The lr decay is shortened to the steps left after the warm-up.
     */
    private SaeConfig config(HookPoint hookPoint, int dIn) {
        SaeConfig.Arch a = SaeConfig.Arch.parse(arch);
        List<Long> seedList = parseSeeds(seeds);
        if (steps < 1) {
            throw new IllegalArgumentException("expected --steps >= 1, found " + steps);
        }
        if (warmup < 0 || warmup >= steps) {
            throw new IllegalArgumentException("expected --warmup (lr warm-up steps) in [0, --steps " + steps + "), found "
                    + warmup + "; lower --warmup or raise --steps");
        }
        if (decay < 0) {
            throw new IllegalArgumentException("expected --decay (lr decay steps) >= 0, found " + decay);
        }
        return SaeConfig.builder(hookPoint, dIn).arch(a).width(width.width()).k(k).l1(l1).l1WarmupSteps(l1Warmup).lr(lr)
                .warmupSteps(warmup).decaySteps(Math.min(decay, steps - warmup)).batchSize(batchSize).steps(steps)
                .seeds(seedList).snapshotEvery(snapshotEvery).auxkCoefficient(auxk).deadWindow(deadWindow)
                .l0Coefficient(l0Coefficient).prefixes(prefixes == null ? List.of() : Prefixes.parse(prefixes)).build();
    }

    /** Snapshots go to a directory, or to Kafka with {@code --bootstrap-servers}. */
    private SnapshotSink sink() {
        DType dtype = fp16 ? DType.F16 : DType.F32;
        if (kafka.bootstrapServers() == null) {
            return new DirectorySnapshotSink(out, dtype);
        }
        HusaiTopics topics = kafka.topics();
        TopicSetup.ensure(kafka.bootstrapServers(), topics, (short) 1);
        return KafkaSnapshotSink.create(kafka.bootstrapServers(), topics.snapshots(), dtype);
    }

    /** With Kafka, a listener on the control topic that stops the named seed of this group. */
    private AutoCloseable controlListener(String group, MultiSeedTrainer trainer) {
        if (kafka.bootstrapServers() == null) {
            return () -> { };
        }
        return new ControlListener(kafka.bootstrapServers(), kafka.topics().control(), group,
                m -> trainer.stop(m.seed())).start();
    }

    private static double get(MultiSeedTrainer.SeedResult r, String key) {
        return r.metrics().getOrDefault(key, Double.NaN);
    }

    /** Parses {@code 0..7} (inclusive), {@code 1,4,9} or a single seed. */
    public static List<Long> parseSeeds(String spec) {
        String s = spec.trim();
        try {
            int dots = s.indexOf("..");
            if (dots >= 0) {
                long from = Long.parseLong(s.substring(0, dots).trim());
                long to = Long.parseLong(s.substring(dots + 2).trim());
                if (to < from) {
                    throw new IllegalArgumentException("expected seeds FROM..TO with FROM <= TO, found " + spec);
                }
                return LongStream.rangeClosed(from, to).boxed().toList();
            }
            List<Long> out = new ArrayList<>();
            for (String part : s.split(",")) {
                out.add(Long.parseLong(part.trim()));
            }
            return out;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected seeds like 0..7, 1,4,9 or 3, found " + spec, e);
        }
    }
}
