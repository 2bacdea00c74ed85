package dev.husai.app.sweep;

import dev.husai.core.config.SaeConfig;
import dev.husai.core.snapshot.SnapshotSink;
import dev.husai.core.sweep.GroupResult;
import dev.husai.core.sweep.SweepSpec;
import dev.husai.core.tensor.Activations;
import dev.husai.trainer.sae.DirectorySnapshotSink;
import dev.husai.trainer.sae.EngineChoice;
import dev.husai.trainer.sae.MultiSeedTrainer;
import dev.husai.trainer.sae.ProgressListener;
import dev.husai.trainer.sae.TeeSnapshotSink;
import dev.husai.trainer.sae.TestbedProbe;
import dev.husai.trainer.testbed.TestbedWeights;
import dev.husai.core.safetensors.DType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs a sweep group by group into {@code OUT/GROUP/}: trains the seeds together (to the step cap, or until the
 * convergence rule ends it, see {@link ConvergenceWatch}), writes the snapshots (and hands them to an optional extra
 * sink, e.g. Kafka for the live UI), then summarises the group into {@code summary.json}. Resumable: a group with a summary is skipped; a group without one (interrupted) is
 * wiped and retrained from step 0.
 */
public final class SweepRunner {

    /** Extra side effects of a run, all optional. */
    public interface Hooks {
        /** A sink that receives every snapshot besides the directory (null = none). */
        default SnapshotSink extraSink(SaeConfig config) {
            return null;
        }

        /** Something to keep open while a group trains (e.g. a stop listener); closed afterwards. */
        default AutoCloseable whileTraining(SaeConfig config, MultiSeedTrainer trainer) {
            return () -> { };
        }

        /** The SAE engine and device of every group ({@link EngineChoice#auto()}: djl on a GPU when found, else blas). */
        default EngineChoice engine() {
            return EngineChoice.auto();
        }

        /** {@code base} with the given engine. */
        static Hooks withEngine(Hooks base, EngineChoice engine) {
            return new Hooks() {
                @Override
                public SnapshotSink extraSink(SaeConfig config) {
                    return base.extraSink(config);
                }

                @Override
                public AutoCloseable whileTraining(SaeConfig config, MultiSeedTrainer trainer) {
                    return base.whileTraining(config, trainer);
                }

                @Override
                public EngineChoice engine() {
                    return engine;
                }
            };
        }
    }

    private final SweepSpec spec;
    private final Path out;
    private final TestbedWeights weights;
    private final Activations data;
    private final GroupSummarizer summarizer;
    private final Hooks hooks;
    private final DType dtype;

    /**
     * @param weights the testbed whose activations {@code data} are (adds the spliced metrics), or null for the user's
     *                own activations
     * @param data    the training rows {@code [N, d_in]}
     */
    public SweepRunner(SweepSpec spec, Path out, TestbedWeights weights, Activations data, GroupSummarizer summarizer,
                       Hooks hooks, DType dtype) {
        this.spec = spec;
        this.out = out;
        this.weights = weights;
        this.data = data;
        this.summarizer = summarizer;
        this.hooks = hooks;
        this.dtype = dtype;
    }

    /** The groups of the sweep, in order. */
    public List<SaeConfig> configs() {
        return spec.configs(data.cols());
    }

    /** Whether {@code config} already has a summary under the output directory. */
    public boolean done(SaeConfig config) {
        return Files.isRegularFile(finishedDir(config).resolve(SummaryFile.NAME));
    }

    /**
     * {@code OUT/GROUP}, or the directory an older HUSAI named by expansion ({@code x8}, see
     * {@link SaeConfig#legacyGroupId()}) when only that one holds a summary: an old sweep resumes without retraining.
     */
    private Path finishedDir(SaeConfig config) {
        Path dir = out.resolve(config.groupId());
        String legacy = config.legacyGroupId();
        if (legacy == null || Files.isRegularFile(dir.resolve(SummaryFile.NAME))) {
            return dir;
        }
        Path old = out.resolve(legacy);
        return Files.isRegularFile(old.resolve(SummaryFile.NAME)) ? old : dir;
    }

    /**
     * Trains and summarises one group (after wiping a partial run of it).
     *
     * @param progress told at every snapshot step
     */
    public SummaryFile runGroup(SaeConfig config, ProgressListener progress) {
        Path dir = out.resolve(config.groupId());
        deleteRecursively(dir);
        long start = System.nanoTime();
        SnapshotSink extra = hooks.extraSink(config);
        List<SnapshotSink> sinks = new ArrayList<>(List.of(new DirectorySnapshotSink(out, dtype)));
        if (extra != null) {
            sinks.add(extra);
        }
        ConvergenceWatch watch = new ConvergenceWatch(summarizer, summarizer.rule(config), config.steps(),
                summarizer.stopsEarly(), GroupSummarizer.targetL0(config));
        EngineChoice engine = hooks.engine();
        try (TestbedProbe probe = weights == null ? null : new TestbedProbe(weights, config.hook(), engine.device());
             SnapshotSink sink = new TeeSnapshotSink(sinks);
             MultiSeedTrainer trainer = new MultiSeedTrainer(config, data, null, probe, sink, List.of(progress), engine);
             AutoCloseable whileTraining = hooks.whileTraining(config, trainer)) {
            trainer.finishWhen(watch).run();
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        long summaryStart = System.nanoTime();
        GroupResult result = summarizer.summarize(config, dir, watch.curve());
        long end = System.nanoTime();
        SummaryFile summary = new SummaryFile(SummaryFile.FORMAT_VERSION, config.seeds(), (end - start) / 1e9, result,
                (watch.curveNanos() + end - summaryStart) / 1e9);
        summary.write(dir);
        return summary;
    }

    /**
     * Recomputes a finished group's summary from its snapshots (after the metrics evolved), keeping the recorded
     * seeds and wall time; no training.
     */
    public SummaryFile resummarize(SaeConfig config) {
        Path dir = finishedDir(config);
        SummaryFile old = SummaryFile.read(dir.resolve(SummaryFile.NAME));
        SummaryFile fresh = new SummaryFile(SummaryFile.FORMAT_VERSION, old.seeds(), old.wallSeconds(),
                summarizer.summarize(config, dir));
        fresh.write(dir);
        return fresh;
    }

    /** Reads the summaries of every finished group of this sweep. */
    public List<SummaryFile> finished() {
        return configs().stream().filter(this::done)
                .map(c -> SummaryFile.read(finishedDir(c).resolve(SummaryFile.NAME))).toList();
    }

    /** Removes {@code dir} and everything under it (nothing when it does not exist). */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the partial group " + dir, e);
        }
    }

}
