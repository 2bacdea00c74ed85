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
import java.util.stream.IntStream;

/**
 * Trains one {@link SaeConfig} with all its seeds at once. Per step: every active seed draws its own batch
 * (its seed fixes the order) from the {@link Activations} (on the heap, or rows decoded from a memory-mapped file), one dense product computes all seeds' pre-activations ({@link DenseKernel}: native BLAS or PyTorch), then the selection of active latents
 * ({@link Selection}), the sparse loss/gradients ({@link SparseStep}) and the Adam updates run in Java, split
 * over seeds (or over row chunks of one seed) on the available cores.
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
    /** The DJL engine ({@link EngineChoice}), or null for the BLAS engine of {@link #computeAndUpdate}. */
    private final DjlEngine djl;
    /** ReLU-L1's dense loss and gradients on BLAS (its codes are dense); null for the other archs or without BLAS. */
    private final DenseStep denseStep;
    private final SaeEvaluator evaluator;
    /** JumpReLU's theta_0, epsilon and lambda_0 (null for the other archs). */
    private final JumpReluSchedule jump;
    private final SnapshotSink sink;
    private final List<ProgressListener> listeners;
    private final Set<Long> stopRequests = ConcurrentHashMap.newKeySet();
    private final Map<Long, Map<String, Double>> latest = new LinkedHashMap<>();
    private final int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    private float[] xBuf = new float[0];
    private float[] wBuf = new float[0];
    private float[] biasBuf = new float[0];
    private float[] preBuf = new float[0];
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
        this.denseStep = config.arch() == Arch.RELU_L1 && kernel instanceof DenseKernel.BlasKernel
                && !Boolean.getBoolean("husai.sae.sparseRelu") ? new DenseStep() : null;
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
            computeAndUpdate(act);
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
            Map<Long, Map<String, Double>> metrics = new LinkedHashMap<>();
            for (SeedState s : act) {
                if (s.active()) {
                    metrics.put(s.seed, metricsOf(s));
                }
            }
            finished = step < config.steps() && finishRule.finishAt(step, activeWeights(), metrics);
            for (SeedState s : act) {
                if (s.active()) {
                    emit(s, metrics.get(s.seed), null, finished || step == config.steps());
                }
            }
            SaeProgress p = new SaeProgress(config.groupId(), step, config.steps(),
                    (int) Arrays.stream(seeds).filter(SeedState::active).count(), seeds.length,
                    (System.nanoTime() - startNanos) / 1_000_000, Map.copyOf(latest));
            listeners.forEach(l -> l.onProgress(p));
        }
        return !finished && step < config.steps() && Arrays.stream(seeds).anyMatch(SeedState::active);
    }

    /** The weights of the seeds still training, by seed. */
    private Map<Long, SaeWeights> activeWeights() {
        pull();
        Map<Long, SaeWeights> out = new LinkedHashMap<>();
        for (SeedState s : seeds) {
            if (s.active()) {
                out.put(s.seed, weightsOf(s));
            }
        }
        return out;
    }

    private void computeAndUpdate(SeedState[] act) {
        int a = act.length;
        int n = config.batchSize();
        int d = config.dIn();
        int f = config.dSae();
        long t0 = System.nanoTime();
        xBuf = sized(xBuf, a * n * d);
        wBuf = sized(wBuf, a * f * d);
        biasBuf = sized(biasBuf, a * f);
        preBuf = sized(preBuf, a * n * f);
        for (int i = 0; i < a; i++) {
            act[i].nextBatch(trainRD, n, xBuf, i * n * d);
            act[i].copyEncoder(wBuf, i * f * d);
            act[i].foldedBias(biasBuf, i * f);
        }
        long t1 = System.nanoTime();
        profile.wall(StepProfile.Phase.BATCH, t1 - t0);
        kernel.preActivations(xBuf, wBuf, biasBuf, a, n, d, f, preBuf);
        long t2 = System.nanoTime();
        profile.wall(StepProfile.Phase.DENSE, t2 - t1);
        double l1 = config.arch() == Arch.RELU_L1 ? config.l1At(step) : 0;
        float[][] norms = new float[a][];
        float[] tau = new float[a];
        int[][] dead = new int[a][];
        JumpTerms[] jumps = new JumpTerms[a];
        IntStream.range(0, a).parallel().forEach(i -> {
            norms[i] = l1 > 0 ? act[i].decoderNorms() : null;
            tau[i] = config.arch().batchTopK() ? Selection.batchThreshold(preBuf, i * n * f, n, f, config.k()) : 0f;
            dead[i] = deadLatents(act[i]);
            jumps[i] = jump == null ? null : jump.terms(config, step, act[i], preBuf, i * n * f, n);
        });
        long t3 = System.nanoTime();
        profile.wall(StepProfile.Phase.PREPARE, t3 - t2);
        Codes[][] codes = sparsePass(act, tau, dead, jumps, l1, norms);
        long t4 = System.nanoTime();
        profile.wall(StepProfile.Phase.SELECT, t4 - t3);
        updateSeeds(act, codes, n, l1, norms, t4);
        profile.stepDone();
    }

    /** Selection and sparse loss/gradients, one task per seed (or per row chunk of a lone seed); returns the codes. */
    private Codes[][] sparsePass(SeedState[] act, float[] tau, int[][] dead, JumpTerms[] jumps, double l1, float[][] norms) {
        int a = act.length;
        int n = config.batchSize();
        int d = config.dIn();
        int f = config.dSae();
        int[] prefixes = config.prefixSizes().isEmpty() ? null
                : config.prefixSizes().stream().mapToInt(Integer::intValue).toArray();
        int chunks = a >= threads || denseStep != null ? 1 : threads;
        Codes[][] codes = new Codes[a][chunks];
        for (int i = 0; i < a; i++) {
            // allocated here, not inside the parallel loop: two chunks of one seed racing to create the
            // scratch array lost one chunk's gradient now and then
            if (act[i].scratch == null || act[i].scratch.length != chunks) {
                act[i].scratch = IntStream.range(0, chunks).mapToObj(j -> new Gradients(d, f)).toArray(Gradients[]::new);
            }
        }
        if (denseStep != null) {
            return densePass(act, codes, l1, norms);
        }
        IntStream.range(0, a * chunks).parallel().forEach(t -> {
            long s0 = System.nanoTime();
            int i = t / chunks;
            int c = t % chunks;
            int r0 = n * c / chunks;
            int r1 = n * (c + 1) / chunks;
            Codes near = null;
            if (jumps[i] != null) {
                Codes[] both = TrainingCodes.jump(config, preBuf, (i * n + r0) * f, r1 - r0, jumps[i]);
                codes[i][c] = both[0];
                near = both[1];
            } else {
                codes[i][c] = TrainingCodes.select(config, preBuf, (i * n + r0) * f, r1 - r0, tau[i], null, 0);
            }
            Codes aux = dead[i] == null ? null : TrainingCodes.select(config, preBuf, (i * n + r0) * f, r1 - r0, 0f, dead[i], config.kAux());
            long s1 = System.nanoTime();
            SeedState s = act[i];
            Gradients g = s.scratch[c];
            g.clear();
            SparseStep.run(s, xBuf, (i * n + r0) * d, codes[i][c], aux, n, l1, norms[i],
                    config.arch().usesAuxK() ? config.auxkCoefficient() : 0, prefixes, near, jumps[i], g);
            profile.tasks(s1 - s0, System.nanoTime() - s1);
        });
        return codes;
    }

    /**
     * ReLU-L1 on BLAS: {@link DenseStep} seed by seed (BLAS threads inside); it keeps no {@link Codes} (the codes are
     * dense) and counts them in the gradients instead, so the codes returned are null.
     */
    private Codes[][] densePass(SeedState[] act, Codes[][] codes, double l1, float[][] norms) {
        int n = config.batchSize();
        int d = config.dIn();
        int f = config.dSae();
        long s0 = System.nanoTime();
        for (int i = 0; i < act.length; i++) {
            Gradients g = act[i].scratch[0];
            g.clear();
            denseStep.run(act[i], xBuf, i * n * d, preBuf, i * n * f, n, l1, norms[i], g);
        }
        profile.tasks(0, System.nanoTime() - s0);
        return codes;
    }

    /** Merge, bookkeeping, Adam and the decoder's renormalisation of every seed, each a parallel block over seeds. */
    private void updateSeeds(SeedState[] act, Codes[][] codes, int n, double l1, float[][] norms, long t0) {
        int a = act.length;
        boolean[] update = new boolean[a];
        boolean[] finite = new boolean[a];
        IntStream.range(0, a).parallel().forEach(i -> update[i] = finishSeed(act[i], codes[i], n, l1, norms[i]));
        long t1 = System.nanoTime();
        profile.wall(StepProfile.Phase.MERGE, t1 - t0);
        boolean unitNorm = config.arch().unitNormDecoder();
        double lr = config.lrAt(step);
        IntStream.range(0, a).parallel().forEach(i -> finite[i] = !update[i] || act[i].adam(act[i].scratch[0], lr, unitNorm));
        long t2 = System.nanoTime();
        profile.wall(StepProfile.Phase.ADAM, t2 - t1);
        IntStream.range(0, a).parallel().forEach(i -> {
            if (update[i] && unitNorm) {
                act[i].normaliseDecoderRows();
            }
            if (!finite[i]) {
                act[i].pendingStop = "non-finite weights after the update at step " + step + ": "
                        + act[i].weights(false).firstNonFinite();
            }
        });
        profile.wall(StepProfile.Phase.NORMALISE, System.nanoTime() - t2);
    }

    /** Merges a seed's chunks and records its step's loss, L0 and threshold; false when its loss is not finite. */
    private boolean finishSeed(SeedState s, Codes[] codes, int n, double l1, float[] norms) {
        Gradients g = s.scratch[0];
        for (int c = 1; c < s.scratch.length; c++) {
            g.add(s.scratch[c]);
        }
        SparseStep.finish(s, g, l1, norms, n);
        s.lastAuxLoss = g.auxLossSum / n;
        long nnz = g.nnz;
        float min = g.minCode;
        if (codes[0] == null) {
            for (int j = 0; j < s.f; j++) {
                s.lastFired[j] = g.touched[j] ? step : s.lastFired[j];
            }
        }
        for (Codes c : codes[0] == null ? new Codes[0] : codes) {
            nnz += c.nnz();
            for (int i = 0; i < c.nnz(); i++) {
                s.lastFired[c.col()[i]] = step;
            }
            float cm = c.minValue();
            min = Float.isNaN(min) ? cm : Float.isNaN(cm) ? min : Math.min(min, cm);
        }
        s.lastL0 = nnz / (double) n;
        s.lastLoss = (g.lossSum + l1 * g.l1Sum) / n + s.lastPenalty;
        if (config.arch().batchTopK() && !Float.isNaN(min)) {
            s.threshold = Float.isNaN(s.threshold) ? min : 0.99f * s.threshold + 0.01f * min;
        }
        if (!Double.isFinite(s.lastLoss)) {
            s.pendingStop = "non-finite loss (" + s.lastLoss + ") at step " + step;
            return false;
        }
        return true;
    }

    /** The latents of a seed that have not fired within the dead window, or null when AuxK is off or none is dead. */
    private int[] deadLatents(SeedState s) {
        if (!config.arch().usesAuxK() || config.auxkCoefficient() == 0) {
            return null;
        }
        int[] dead = IntStream.range(0, config.dSae()).filter(j -> step - s.lastFired[j] > config.deadWindow()).toArray();
        return dead.length == 0 ? null : dead;
    }

    private void stopSeed(SeedState s, String reason) {
        s.stoppedReason = reason;
        stopRequests.remove(s.seed);
        emit(s, metricsOf(s), reason, true);
        listeners.forEach(l -> l.onSeedStopped(config.groupId(), s.seed, step, reason));
    }

    /** A seed's snapshot metrics now: evaluation (FVU, L0, ... when its weights are finite) and training state. */
    private Map<String, Double> metricsOf(SeedState s) {
        pull();
        SaeWeights w = weightsOf(s);
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

    private void emit(SeedState s, Map<String, Double> metrics, String reason, boolean last) {
        pull();
        SaeWeights w = weightsOf(s);
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

    private static float[] sized(float[] buf, int len) {
        return buf.length == len ? buf : new float[len];
    }

    @Override
    public void close() {
        kernel.close();
        if (djl != null) {
            djl.close();
        }
    }
}
