package dev.husai.app.sweep;

import dev.husai.app.analyze.GroupAnalysis;
import dev.husai.app.analyze.SnapshotSet;
import dev.husai.core.align.BlasThreads;
import dev.husai.core.align.Dictionaries;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.fourier.GroundTruth;
import dev.husai.core.fourier.LatentRecovery;
import dev.husai.core.geometry.DataSubspace;
import dev.husai.core.geometry.SubspaceOverlap;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SnapshotMetadata;
import dev.husai.core.stability.GroupStability;
import dev.husai.core.stability.PairMetrics;
import dev.husai.core.stability.PairReport;
import dev.husai.core.stability.PairStability;
import dev.husai.core.stability.SaeDictionaries;
import dev.husai.core.stability.Summary;
import dev.husai.core.sweep.ConvergenceRule;
import dev.husai.core.sweep.CurvePoint;
import dev.husai.core.sweep.FamilyFigures;
import dev.husai.core.sweep.GeometryFigures;
import dev.husai.core.sweep.GroupResult;
import dev.husai.core.sweep.Quality;
import dev.husai.core.sweep.StabilityFigures;
import dev.husai.core.sweep.SweepSpec;
import dev.husai.core.sweep.TruthFigures;
import dev.husai.core.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.TreeMap;

/**
 * Turns a trained group's snapshot directory into a {@link GroupResult}: final stability with baselines, raw and
 * inside the data subspace; Fourier recovery on the testbed, or recovery of a known dictionary on synthetic data;
 * reconstruction quality from the final snapshots' metrics; the stability curve over every snapshot step (pairs
 * without baselines, to stay cheap) and the convergence rule's verdict on it.
 */
public final class GroupSummarizer {
    /**
     * Widest dictionaries whose curve points (every snapshot step, while training) use the exact matching; wider ones
     * use the greedy one (each point says which). Measured on a 4,096-latent TopK pair
     * ({@code husai bench align --from}, {@code docs/metrics.md}): exact 0.12 s raw / 0.15 s in-span, greedy 23 / 18 ms
     * per matching, and a curve point matches every pair twice (raw, in-span) at each of ~16 steps: exact curves
     * would multiply a wide group's summary several times. The final figures are always exact.
     */
    public static final int CURVE_EXACT_MAX_LATENTS = 1024;

    private final GroundTruth testbed;
    private final DataSubspace subspace;
    private final double tau;
    private final FloatMatrix truthTD;
    private final SweepSpec.ConvergenceConfig convergence;

    /**
     * @param testbed  the testbed's activations (at the sweep's hook) and key frequencies
     * @param subspace principal subspace of those activations
     * @param tau      shared threshold
     */
    public GroupSummarizer(GroundTruth testbed, DataSubspace subspace, double tau) {
        this(testbed, subspace, tau, null, SweepSpec.ConvergenceConfig.LABEL_ONLY);
    }

    /**
     * @param testbed     the testbed inputs, or null for the user's own activations (no Fourier figures)
     * @param subspace    principal subspace of the activations
     * @param tau         shared threshold
     * @param truthTD     a known dictionary {@code [T, D]} to recover, or null
     * @param convergence the convergence rule's settings
     */
    public GroupSummarizer(GroundTruth testbed, DataSubspace subspace, double tau, FloatMatrix truthTD,
                           SweepSpec.ConvergenceConfig convergence) {
        this.testbed = testbed;
        this.subspace = subspace;
        this.tau = tau;
        this.truthTD = truthTD;
        this.convergence = convergence;
    }

    /** The L0 a group aims at: k for the k-based architectures, NaN for ReLU-L1. */
    static double targetL0(SaeConfig config) {
        return config.arch().usesK() ? config.k() : Double.NaN;
    }

    /** The convergence rule of a group trained with {@code config}. */
    public ConvergenceRule rule(SaeConfig config) {
        return convergence.rule(config.steps());
    }

    /** Whether the convergence rule may end a group's training early. */
    public boolean stopsEarly() {
        return convergence.stopEarly();
    }

    /** Summarises the group trained with {@code config} whose snapshots are under {@code dir}. */
    public GroupResult summarize(SaeConfig config, Path dir) {
        return summarize(config, dir, null);
    }

    /**
     * Summarises the group; the points of {@code curve}, when given (computed while it trained, see
     * {@link ConvergenceWatch}), are reused instead of recomputed from the snapshots on disk at their steps.
     */
    public GroupResult summarize(SaeConfig config, Path dir, List<CurvePoint> curve) {
        return BlasThreads.singleThreaded(() -> summarizeSingleThreadedBlas(config, dir, curve));
    }

    /** {@link #summarize}, its pairs and seeds on parallel threads with OpenBLAS on one thread per call. */
    private GroupResult summarizeSingleThreadedBlas(SaeConfig config, Path dir, List<CurvePoint> curve) {
        // headers only: the known curve points need no weights, only the last step and the unknown ones are decoded
        TreeMap<Long, SnapshotSet.StepFiles> byStep = SnapshotSet.stepFiles(dir);
        long lastStep = byStep.lastKey();
        SnapshotSet last = byStep.lastEntry().getValue().load();
        GroupAnalysis analysis = GroupAnalysis.of(last, tau, testbed, truthTD, false);
        List<SaeDictionaries> lastDicts = dictionaries(last);
        StabilityFigures raw = figures(analysis.stability());
        StabilityFigures span = figures(GroupStability.of(projected(lastDicts), tau, false));
        Map<Long, CurvePoint> known = new HashMap<>();
        if (curve != null) {
            curve.forEach(p -> known.put(p.step(), p));
        }
        List<CurvePoint> points = new ArrayList<>();
        byStep.forEach((step, files) -> points.add(known.containsKey(step) ? known.get(step)
                : point(step, step == lastStep ? last : files.load())));
        double sparsity = config.arch().usesK() ? config.k() : config.l1Coefficient();
        return new GroupResult(config.groupId(), config.arch(), config.dSae(), config.expansion(), sparsity, config.seeds().size(),
                config.steps(), raw, span, subspace.rank(), quality(last), recovered(analysis),
                universallyRecovered(analysis), families(analysis, last), points, config.hook().wireName(), config.lr(),
                rule(config).judge(points, config.steps(), targetL0(config)), truth(analysis), tau,
                geometry(analysis, lastDicts));
    }

    /** Shared vs orphan latents' geometry, from the analysis' consensus and (on the testbed) Fourier families. */
    private GeometryFigures geometry(GroupAnalysis analysis, List<SaeDictionaries> dicts) {
        List<GeometryFigures.Seed> seeds = new ArrayList<>();
        for (int s = 0; s < dicts.size(); s++) {
            GroupAnalysis.SeedFacts facts = analysis.seeds().get(s);
            LatentRecovery rec = facts.recovery();
            seeds.add(new GeometryFigures.Seed(dicts.get(s).decoderFD(), analysis.consensus().counts()[s],
                    facts.interference(), facts.clusters(),
                    rec == null || testbed == null ? null : inFamily(rec, dicts.get(s).latents())));
        }
        return GeometryFigures.of(seeds);
    }

    /** {@code [F]}: whether each latent belongs to a key frequency's family. */
    private boolean[] inFamily(LatentRecovery rec, int latents) {
        boolean[] in = new boolean[latents];
        for (int freq : testbed.keyFrequencies()) {
            for (int i : rec.family(freq)) {
                in[i] = true;
            }
        }
        return in;
    }

    /** Recovery of the known dictionary, or null without one. */
    private static TruthFigures truth(GroupAnalysis a) {
        return a.truthBaseline() == null ? null
                : TruthFigures.of(a.seeds().stream().map(GroupAnalysis.SeedFacts::truth).toList(), a.truthBaseline());
    }

    private static StabilityFigures figures(GroupStability s) {
        double[] pw = s.pairs().stream().mapToDouble(p -> p.report().observed().pwMccDecoder()).toArray();
        double[] shared = s.pairs().stream().mapToDouble(p -> p.report().observed().sharedFraction()).toArray();
        return new StabilityFigures(s.pwMccDecoder(), s.sharedFraction(),
                meanOverPairs(s, r -> r.randomBaseline().pwMccDecoder()), meanOverPairs(s, r -> r.randomBaseline().sharedFraction()),
                meanOverPairs(s, r -> r.initBaseline().pwMccDecoder()), meanOverPairs(s, r -> r.initBaseline().sharedFraction()),
                pw, shared);
    }

    private static double meanOverPairs(GroupStability s, java.util.function.ToDoubleFunction<PairReport> value) {
        return s.pairs().stream().mapToDouble(p -> value.applyAsDouble(p.report())).average().orElseThrow();
    }

    /** Each seed's decoder and encoder dictionaries ({@code [F, D]}), in seed order. */
    static List<SaeDictionaries> dictionaries(SnapshotSet set) {
        return set.bySeed().values().stream()
                .map(s -> SaeDictionaries.fromWeights(s.weights().wDecFD(), s.weights().wEncDF())).toList();
    }

    /** The dictionaries' rows projected on the data subspace, {@code [F, r]}. */
    private List<SaeDictionaries> projected(List<SaeDictionaries> raw) {
        return raw.stream().map(d -> new SaeDictionaries(subspace.project(d.decoderFD()), subspace.project(d.encoderFD())))
                .toList();
    }

    /**
     * Cross-seed stability at one snapshot step from the seeds' dictionaries (raw and inside the data subspace), with
     * the seeds' mean FVU and L0 at that step (NaN when unknown).
     */
    public CurvePoint point(long step, List<SaeDictionaries> raw, double fvu, double l0) {
        return BlasThreads.singleThreaded(() -> pointSingleThreadedBlas(step, raw, fvu, l0));
    }

    /** {@link #point}, its pairs on parallel threads with OpenBLAS on one thread per call ({@link BlasThreads}). */
    private CurvePoint pointSingleThreadedBlas(long step, List<SaeDictionaries> raw, double fvu, double l0) {
        raw.forEach(d -> Dictionaries.requireValid(d.decoderFD(), "W_dec at step " + step));
        List<SaeDictionaries> rawUnit = raw.stream().map(PairMetrics::unitRows).toList();
        List<SaeDictionaries> spanUnit = projected(raw).stream().map(PairMetrics::unitRows).toList();
        List<int[]> ab = GroupStability.pairIndices(raw.size());
        boolean exact = raw.get(0).latents() <= CURVE_EXACT_MAX_LATENTS;
        List<PairStability[]> compared = ab.parallelStream().map(p -> new PairStability[] {
            PairMetrics.compareUnitRowsDecoderMatched(rawUnit.get(p[0]), rawUnit.get(p[1]), tau, exact),
            PairMetrics.compareUnitRowsDecoderMatched(spanUnit.get(p[0]), spanUnit.get(p[1]), tau, exact)}).toList();
        int pairs = ab.size();
        double[] pw = compared.stream().mapToDouble(c -> c[0].pwMccDecoder()).toArray();
        double[] shared = compared.stream().mapToDouble(c -> c[0].sharedFraction()).toArray();
        double[] spanPw = compared.stream().mapToDouble(c -> c[1].pwMccDecoder()).toArray();
        double[] spanShared = compared.stream().mapToDouble(c -> c[1].sharedFraction()).toArray();
        Summary pwS = Summary.of(pw);
        return new CurvePoint(step, pwS.mean(), pwS.min(), pwS.max(), Summary.of(shared).mean(),
                Summary.of(spanPw).mean(), Summary.of(spanShared).mean(), pairs, fvu, l0,
                compared.get(0)[0].decoderMatching().method().name());
    }

    /** {@link #point} of a step's snapshots, with their mean FVU and L0. */
    private CurvePoint point(long step, SnapshotSet set) {
        return point(step, dictionaries(set), mean(set, "fvu"), mean(set, "l0"));
    }

    /** Subspace overlap of each key frequency's latent family between every pair of seeds (decoder rows, k = 2). */
    private FamilyFigures families(GroupAnalysis analysis, SnapshotSet set) {
        if (testbed == null) {
            return new FamilyFigures(Double.NaN, Double.NaN, Double.NaN, new double[0]);
        }
        List<SaeSnapshot> snaps = new ArrayList<>(set.bySeed().values());
        List<LatentRecovery> rec = analysis.seeds().stream().map(GroupAnalysis.SeedFacts::recovery).toList();
        int s = snaps.size();
        int[] freqs = testbed.keyFrequencies();
        double[][][][] basis = new double[s][freqs.length][][];
        for (int a = 0; a < s; a++) {
            for (int q = 0; q < freqs.length; q++) {
                int[] family = rec.get(a).family(freqs[q]);
                basis[a][q] = family.length >= 2 ? SubspaceOverlap.principal(snaps.get(a).weights().wDecFD(), family, 2) : null;
            }
        }
        double[] pair = new double[s * (s - 1) / 2];
        int k = 0;
        double sum = 0;
        int count = 0;
        for (int a = 0; a < s; a++) {
            for (int b = a + 1; b < s; b++, k++) {
                double pairSum = 0;
                int pairCount = 0;
                for (int q = 0; q < freqs.length; q++) {
                    if (basis[a][q] != null && basis[b][q] != null) {
                        pairSum += SubspaceOverlap.overlap(basis[a][q], basis[b][q]);
                        pairCount++;
                    }
                }
                pair[k] = pairCount == 0 ? Double.NaN : pairSum / pairCount;
                sum += pairSum;
                count += pairCount;
            }
        }
        double latents = rec.stream().mapToDouble(r -> java.util.Arrays.stream(testbed.keyFrequencies())
                .map(f -> r.family(f).length).sum()).average().orElse(Double.NaN);
        return new FamilyFigures(count == 0 ? Double.NaN : sum / count,
                SubspaceOverlap.randomBaseline(2, snaps.get(0).weights().dIn()), latents, pair);
    }

    private static Quality quality(SnapshotSet set) {
        return new Quality(mean(set, "fvu"), mean(set, "l0"), mean(set, "dead_fraction"), mean(set, "spliced_accuracy"));
    }

    /** Mean over seeds of a metric carried in the snapshots' metadata; NaN when no seed reports it. */
    private static double mean(SnapshotSet set, String metric) {
        return set.bySeed().values().stream().mapToDouble(s -> SnapshotMetadata.metric(s, metric)).filter(Double::isFinite)
                .average().orElse(Double.NaN);
    }

    private static double recovered(GroupAnalysis a) {
        if (a.seeds().get(0).recovery() == null) {
            return Double.NaN;
        }
        return a.seeds().stream().map(GroupAnalysis.SeedFacts::recovery).mapToDouble(LatentRecovery::recoveredShare)
                .average().orElse(Double.NaN);
    }

    /** Mean over seeds of the share of key frequencies recovered by at least one universal latent. */
    private static double universallyRecovered(GroupAnalysis a) {
        if (a.seeds().get(0).recovery() == null) {
            return Double.NaN;
        }
        return a.seeds().stream().map(GroupAnalysis.SeedFacts::recovery).mapToDouble(r -> r.frequencies().stream()
                .filter(f -> f.universalLatents() > 0).count() / (double) Math.max(1, r.frequencies().size()))
                .average().orElse(Double.NaN);
    }
}
