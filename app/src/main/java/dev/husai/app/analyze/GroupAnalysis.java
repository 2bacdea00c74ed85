package dev.husai.app.analyze;

import dev.husai.core.align.CosineMatrix;
import dev.husai.core.fourier.FourierBasis;
import dev.husai.core.fourier.FourierRecovery;
import dev.husai.core.fourier.GroundTruth;
import dev.husai.core.fourier.LatentRecovery;
import dev.husai.core.geometry.Cka;
import dev.husai.core.geometry.DirectionClusters;
import dev.husai.core.geometry.EffectiveDimension;
import dev.husai.core.geometry.Interference;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.stability.Baselines;
import dev.husai.core.stability.Consensus;
import dev.husai.core.stability.GroupStability;
import dev.husai.core.stability.Recovery;
import dev.husai.core.stability.SaeDictionaries;
import dev.husai.core.tensor.FloatMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Everything {@code husai analyze} reports for one group: cross-seed stability (per pair and aggregated,
 * with baselines), per-latent consensus, geometry per seed, and, when the testbed's activations are
 * given, Fourier ground-truth recovery per seed with the universal latents marked; when a known dictionary is
 * given ({@code --truth}), each seed's {@link Recovery} of it beside the random-dictionary baseline.
 *
 * @param set the snapshots, one per seed
 * @param stability pairs and aggregates
 * @param consensus per-latent partner counts
 * @param seeds per-seed geometry and recovery, in {@link SnapshotSet#seeds()} order
 * @param meanCka mean linear CKA of whole decoder dictionaries over seed pairs
 * @param truthBaseline recovery of the truth by random unit dictionaries of the SAEs' shape, or null without a truth
 */
public record GroupAnalysis(SnapshotSet set, GroupStability stability, Consensus consensus, List<SeedFacts> seeds,
                            double meanCka, Recovery truthBaseline) {

    /** Cosine above which two decoder rows of one SAE count as the same direction cluster. */
    public static final double CLUSTER_COSINE = 0.9;

    /**
     * Per-seed facts.
     *
     * @param seed seed id
     * @param universalFraction share of latents found (>= tau) in every other seed
     * @param interference off-diagonal decoder cosines
     * @param effDimUniversal participation ratio of the universal latents' decoder rows
     * @param effDimOrphan participation ratio of latents shared with no other seed
     * @param clusters direction clusters at {@link #CLUSTER_COSINE}
     * @param recovery Fourier recovery, or null without a testbed
     * @param truth recovery of the known dictionary by this seed's decoder, or null without a truth
     */
    public record SeedFacts(int seed, double universalFraction, Interference interference, double effDimUniversal,
                            double effDimOrphan, DirectionClusters clusters, LatentRecovery recovery, Recovery truth) {
    }

    public static GroupAnalysis of(SnapshotSet set, double tau, GroundTruth testbed) {
        return of(set, tau, testbed, null);
    }

    /**
     * The analysis; {@code testbed} (or null) adds Fourier recovery per seed at the snapshots' hook (none when the
     * testbed has no activations there), {@code truthTD} (true atoms {@code [T, D]}, same D as the SAEs) or null adds
     * recovery of a known dictionary per seed.
     */
    public static GroupAnalysis of(SnapshotSet set, double tau, GroundTruth testbed, FloatMatrix truthTD) {
        return of(set, tau, testbed, truthTD, true);
    }

    /**
     * {@link #of(SnapshotSet, double, GroundTruth, FloatMatrix)}; without the encoders' own matching when
     * {@code encoderMatching} is false (half the assignments; encoder PW-MCC NaN): sweep summaries do not report it.
     */
    public static GroupAnalysis of(SnapshotSet set, double tau, GroundTruth testbed, FloatMatrix truthTD,
                                   boolean encoderMatching) {
        List<SaeDictionaries> dicts = new ArrayList<>();
        for (int seed : set.seeds()) {
            var w = set.bySeed().get(seed).weights();
            String bad = w.firstNonFinite();
            if (bad != null) {
                throw new IllegalArgumentException(set.files().get(seed) + ": expected finite weights, found " + bad);
            }
            dicts.add(SaeDictionaries.fromWeights(w.wDecFD(), w.wEncDF()));
        }
        GroupStability stability = GroupStability.of(dicts, tau, encoderMatching);
        int[] widths = dicts.stream().mapToInt(SaeDictionaries::latents).toArray();
        Consensus consensus = Consensus.of(widths, stability.pairs(), tau);
        // one seed per task (Fourier recovery, interference, clusters: ~0.6 s a seed at 4,096 latents), in seed order
        List<SeedFacts> facts = IntStream.range(0, dicts.size()).parallel()
                .mapToObj(s -> seedFacts(set, s, dicts.get(s), consensus, testbed, tau, truthTD)).toList();
        double cka = stability.pairs().stream()
                .mapToDouble(p -> Cka.dictionaries(dicts.get(p.a()).decoderFD(), dicts.get(p.b()).decoderFD()))
                .average().orElse(Double.NaN);
        Recovery baseline = truthTD == null ? null
                : Recovery.baseline(dicts.get(0).latents(), truthTD, tau, Baselines.DEFAULT_SEED);
        return new GroupAnalysis(set, stability, consensus, facts, cka, baseline);
    }

    private static SeedFacts seedFacts(SnapshotSet set, int s, SaeDictionaries d, Consensus consensus,
                                       GroundTruth testbed, double tau, FloatMatrix truthTD) {
        int seed = set.seeds().get(s);
        FloatMatrix dec = d.decoderFD();
        int[] universal = consensus.universal(s);
        SaeSnapshot snap = set.bySeed().get(seed);
        FloatMatrix actsND = testbed == null ? null : testbed.at(snap.meta("hook", ""));
        LatentRecovery recovery = actsND == null ? null : FourierRecovery.of(snap, new FourierBasis(testbed.p()), actsND,
                testbed.keyFrequencies(), FourierRecovery.universalFlags(consensus, s, d.latents()));
        FloatMatrix gramFF = CosineMatrix.gram(dec); // one sgemm for both within-dictionary figures
        return new SeedFacts(seed, consensus.universalFraction(s), Interference.ofGram(gramFF, 20),
                EffectiveDimension.ofSubset(dec, universal), EffectiveDimension.ofSubset(dec, consensus.orphans(s)),
                DirectionClusters.ofGram(gramFF, CLUSTER_COSINE), recovery, truthTD == null ? null : Recovery.of(dec, truthTD, tau));
    }
}
