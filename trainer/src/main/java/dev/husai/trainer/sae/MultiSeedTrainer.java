package dev.husai.trainer.sae;

import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.snapshot.SnapshotMetadata;
import dev.husai.core.snapshot.SnapshotSink;
import dev.husai.core.tensor.Activations;
import dev.husai.core.tensor.FloatMatrix;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Trains one {@link SaeConfig} with all its seeds at once. Per step every active seed draws its own batch (its seed
 * fixes the order) from the {@link Activations} (on the heap, or rows decoded from a memory-mapped file) and one of two
 * engines updates all seeds ({@link EngineChoice}): {@link BlasEngine} (one dense product for all seeds'
 * pre-activations on native BLAS, then selection, sparse gradients and Adam in Java, split over seeds or row chunks)
 * or {@link DjlEngine} (the seeds stacked as PyTorch tensors, CPU or GPU). This class owns what is common: the seeds'
 * init and state, stops, snapshots and their metrics, the finish rule and progress.
 * Every {@code snapshotEvery} steps each active seed is evaluated ({@link SaeEvaluator}) and sent to the
 * {@link SnapshotSink}. {@link #stop(long)} stops one seed (from any thread) while the others continue;
 * NaN/Inf in a seed's loss or weights stops that seed with {@code stopped_reason} in its last snapshot.
 * Runs are bit-for-bit reproducible from the config (fixed work split, fixed reduction order).
 */
public final class MultiSeedTrainer implements AutoCloseable {
    private final SaeConfig config;
    /** Most rows evaluated at a snapshot (and used for b_dec's median) when the data is not on the heap. */
    public static final int EVAL_ROWS = 16_384;
    private final Activations trainRD;
    private final Map<String, String> dataMetadata;
    private final SeedState[] seeds;
    private final DenseKernel kernel;
    /** The DJL engine ({@link EngineChoice}), or null for the BLAS engine. */
    private final DjlEngine djl;
    /** The BLAS engine (dense product on sgemm, sparse Java), or null for the DJL engine. */
    private final BlasEngine blas;
    private final SaeEvaluator evaluator;
    /** JumpReLU's theta_0, epsilon and lambda_0 (null for the other archs). */
    private final JumpReluSchedule jump;
    private final SnapshotSink sink;
    private final List<ProgressListener> listeners;
    private final Set<Long> stopRequests = ConcurrentHashMap.newKeySet();
    private final Map<Long, Map<String, Double>> latest = new LinkedHashMap<>();
    private int step;
    private long startNanos;
    private FinishRule finishRule = FinishRule.NEVER;
    private final StepProfile profile = new StepProfile();
    private boolean finished;

    /** One seed's outcome: last step, final weights, last metrics, and why it stopped early (null if it did not). */
    public record SeedResult(long seed, int lastStep, SaeWeights weights, Map<String, Double> metrics, String stoppedReason) {
    }

    /**
     * @param trainND  training activations {@code [N, d_in]}: a {@link FloatMatrix} or rows read on demand (e.g. a
     *                 memory-mapped file); batches copy only their rows
     * @param evalND   rows for the snapshot metrics (null = the training rows when they are a {@link FloatMatrix},
     *                 else {@link #EVAL_ROWS} evenly spaced ones copied on the heap, also b_dec's median; the
     *                 metadata then says {@code eval_rows})
     * @param probe    downstream metrics of the reconstruction of {@code evalND} (null = none)
     */
    public MultiSeedTrainer(SaeConfig config, Activations trainND, FloatMatrix evalND, ReconstructionProbe probe,
                            SnapshotSink sink, List<ProgressListener> listeners) {
        this(config, trainND, evalND, probe, sink, listeners, EngineChoice.auto());
    }

    /** As above, with the engine and device given ({@link EngineChoice}; the other constructor takes its default). */
    public MultiSeedTrainer(SaeConfig config, Activations trainND, FloatMatrix evalND, ReconstructionProbe probe,
                            SnapshotSink sink, List<ProgressListener> listeners, EngineChoice engine) {
        if (trainND.cols() != config.dIn() || trainND.rows() == 0) {
            throw new IllegalArgumentException("expected activations [N>0," + config.dIn() + "], found ["
                    + trainND.rows() + "," + trainND.cols() + "]");
        }
        FloatMatrix sample = trainND instanceof FloatMatrix m ? m
                : trainND.gather(Activations.spread(trainND.rows(), EVAL_ROWS));
        FloatMatrix eval = evalND == null ? sample : evalND;
        if (eval.cols() != config.dIn()) {
            throw new IllegalArgumentException("expected evaluation rows [N," + config.dIn() + "], found " + eval.shape());
        }
        this.config = config;
        this.trainRD = trainND;
        this.dataMetadata = SnapshotMetadata.data(trainND, sample == trainND || evalND != null ? -1 : sample.rows());
        this.sink = sink;
        this.listeners = List.copyOf(listeners);
        float[] median = GeometricMedian.weiszfeld(sample.data(), sample.rows(), config.dIn(), 100);
        this.jump = config.arch() == Arch.JUMPRELU ? JumpReluSchedule.of(config, sample) : null;
        float theta0 = jump == null ? 1f : jump.thetaInit();
        this.seeds = config.seeds().stream().map(s -> SeedState.init(config, s, median, trainND.rows(), theta0))
                .toArray(SeedState[]::new);
        this.kernel = DenseKernel.create();
        this.djl = engine.djl() ? new DjlEngine(config, trainND, jump, engine) : null;
        this.blas = djl == null ? new BlasEngine(config, trainND, kernel, jump, profile) : null;
        this.evaluator = new SaeEvaluator(config, eval, probe);
    }

    public SaeConfig config() {
        return config;
    }

    /** The dense kernel in use ({@link DenseKernel#name()}), or the DJL engine and its device ({@code djl:cpu}, {@code djl:gpu}). */
    public String kernelName() {
        return djl != null ? djl.name() : kernel.name();
    }

    /**
     * Ends training at the first snapshot step where {@code rule} says so (e.g. a convergence rule): that step's
     * snapshots are then the seeds' last ({@code final}); the step cap stays {@link SaeConfig#steps()}.
     */
    public MultiSeedTrainer finishWhen(FinishRule rule) {
        this.finishRule = rule;
        return this;
    }

    /** Where the steps' time went, phase by phase (always recorded; {@link StepProfile#reset()} to restart). */
    public StepProfile profile() {
        return profile;
    }

    /** Steps done so far. */
    public int step() {
        return step;
    }

    /** Asks a seed to stop after the current step; false if the seed is not in this group or already stopped. */
    public boolean stop(long seed) {
        boolean known = Arrays.stream(seeds).anyMatch(s -> s.seed == seed && s.active());
        if (known) {
            stopRequests.add(seed);
        }
        return known;
    }

    /** Trains to the end (or until every seed has stopped) and returns each seed's outcome. */
    public Map<Long, SeedResult> run() {
        while (trainStep()) {
            // snapshots and progress are emitted inside
        }
        return results();
    }

    /** One step for all active seeds (with snapshots when due); false when training is over. */
    public boolean trainStep() {
        SeedState[] act = Arrays.stream(seeds).filter(SeedState::active).toArray(SeedState[]::new);
        if (finished || step >= config.steps() || act.length == 0) {
            return false;
        }
        if (startNanos == 0) {
            startNanos = System.nanoTime();
        }
        step++;
        if (djl != null) {
            djl.step(act, step);
        } else {
            blas.step(act, step);
        }
        for (SeedState s : act) {
            if (s.pendingStop == null && stopRequests.contains(s.seed)) {
                s.pendingStop = "stopped by request at step " + step;
            }
            if (s.pendingStop != null) {
                stopSeed(s, s.pendingStop);
            }
        }
        if (step % config.snapshotEvery() == 0 || step == config.steps()) {
            pull();
            Map<Long, SaeWeights> weights = new LinkedHashMap<>();
            Map<Long, Map<String, Double>> metrics = new LinkedHashMap<>();
            for (SeedState s : act) {
                if (s.active()) {
                    weights.put(s.seed, weightsOf(s));
                    metrics.put(s.seed, metricsOf(s, weights.get(s.seed)));
                }
            }
            finished = step < config.steps() && finishRule.finishAt(step, weights, metrics);
            for (SeedState s : act) {
                if (s.active()) {
                    emit(s, weights.get(s.seed), metrics.get(s.seed), null, finished || step == config.steps());
                }
            }
            SaeProgress p = new SaeProgress(config.groupId(), step, config.steps(),
                    (int) Arrays.stream(seeds).filter(SeedState::active).count(), seeds.length,
                    (System.nanoTime() - startNanos) / 1_000_000, Map.copyOf(latest));
            listeners.forEach(l -> l.onProgress(p));
        }
        return !finished && step < config.steps() && Arrays.stream(seeds).anyMatch(SeedState::active);
    }

    private void stopSeed(SeedState s, String reason) {
        s.stoppedReason = reason;
        stopRequests.remove(s.seed);
        pull();
        SaeWeights w = weightsOf(s);
        emit(s, w, metricsOf(s, w), reason, true);
        listeners.forEach(l -> l.onSeedStopped(config.groupId(), s.seed, step, reason));
    }

    /** A seed's snapshot metrics now: evaluation (FVU, L0, ... when its weights are finite) and training state. */
    private Map<String, Double> metricsOf(SeedState s, SaeWeights w) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (w.firstNonFinite() == null) {
            metrics.putAll(evaluator.evaluate(s, kernel));
        }
        metrics.put("dead_fraction", s.deadFraction(step, config.deadWindow()));
        metrics.put("auxk_loss", s.lastAuxLoss);
        metrics.put("train_loss", s.lastLoss);
        metrics.put("train_l0", s.lastL0);
        if (config.arch().batchTopK()) {
            metrics.put("threshold", (double) s.threshold);
        }
        if (jump != null) {
            metrics.put("l0_coefficient", s.l0Coefficient);
        }
        if (config.arch() == Arch.RELU_L1) {
            metrics.put("l1_coefficient", config.l1At(step));
        }
        return metrics;
    }

    private void emit(SeedState s, SaeWeights w, Map<String, Double> metrics, String reason, boolean last) {
        s.lastStep = step;
        latest.put(s.seed, Map.copyOf(metrics));
        sink.accept(new SaeSnapshot(SnapshotMetadata.of(config, dataMetadata, s.seed, step, metrics, reason, last,
                jump == null ? Float.NaN : jump.bandwidth()), w));
    }

    /** Each seed's outcome so far. */
    public Map<Long, SeedResult> results() {
        pull();
        Map<Long, SeedResult> out = new LinkedHashMap<>();
        for (SeedState s : seeds) {
            out.put(s.seed, new SeedResult(s.seed, s.lastStep, weightsOf(s),
                    latest.getOrDefault(s.seed, Map.of()), s.stoppedReason));
        }
        return out;
    }

    /** A seed's weights as saved: with the learned global threshold for BatchTopK and Matryoshka, theta for JumpReLU. */
    private SaeWeights weightsOf(SeedState s) {
        return s.weights(config.arch().batchTopK());
    }

    /** Fault injection for tests: puts a NaN into the seed's {@code b_dec}. */
    void poison(long seed) {
        Arrays.stream(seeds).filter(s -> s.seed == seed).forEach(s -> s.bDecD[0] = Float.NaN);
        if (djl != null) {
            djl.poison(seed);
        }
    }

    /** With the DJL engine, brings its device's weights into the seeds' {@link SeedState}s. */
    private void pull() {
        if (djl != null) {
            djl.pull();
        }
    }

    /** The DJL engine's live arrays (0 for BLAS): constant from step to step. */
    int engineLiveArrays() {
        return djl == null ? 0 : djl.liveArrays();
    }


    @Override
    public void close() {
        kernel.close();
        if (djl != null) {
            djl.close();
        }
    }
}
