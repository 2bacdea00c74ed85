package dev.husai.stream.analysis;

import dev.husai.core.fourier.LatentRecovery;
import dev.husai.core.protocol.MetricPoint;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SnapshotMetadata;
import dev.husai.core.stability.CrystallizationTracker;
import dev.husai.core.stability.Drift;
import dev.husai.core.stability.GroupStability;
import dev.husai.core.stability.PairReport;
import dev.husai.core.stability.Recovery;
import dev.husai.core.stability.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the metric points (field names are the wire schema of {@code docs/protocol.md}). */
final class Points {
    static final String[] TRAINING_KEYS = {"mse", "fvu", "l0", "dead_fraction", "train_loss"};

    private Points() {
    }

    static MetricPoint drift(String group, long seed, Drift d) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("seed", seed);
        f.put("from_step", d.fromStep());
        f.put("matched_pw_mcc", d.matchedPwMcc());
        f.put("same_index_cos", d.sameIndexMeanCos());
        f.put("identity_fraction", d.identityFraction());
        f.put("encoder_same_index_cos", d.encoderSameIndexMeanCos());
        return new MetricPoint("drift", group, d.toStep(), f);
    }

    static MetricPoint pair(String group, long step, long a, long b, PairReport r) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("a", a);
        f.put("b", b);
        f.put("method", r.observed().decoderMatching().method().name().toLowerCase(java.util.Locale.ROOT));
        f.put("pw_mcc_dec", r.observed().pwMccDecoder());
        f.put("pw_mcc_enc", r.observed().pwMccEncoder());
        f.put("shared_fraction", r.observed().sharedFraction());
        f.put("baseline_pw_mcc_dec", r.randomBaseline().pwMccDecoder());
        f.put("baseline_shared_fraction", r.randomBaseline().sharedFraction());
        f.put("init_pw_mcc_dec", r.initBaseline().pwMccDecoder());
        f.put("init_shared_fraction", r.initBaseline().sharedFraction());
        return new MetricPoint("pair", group, step, f);
    }

    static MetricPoint group(String group, long step, int seeds, GroupStability g, String method, double tau) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("seeds", seeds);
        f.put("pairs", g.pairs().size());
        f.put("method", method);
        f.put("tau", tau);
        summary(f, "pw_mcc_dec", g.pwMccDecoder());
        summary(f, "pw_mcc_enc", g.pwMccEncoder());
        summary(f, "shared_fraction", g.sharedFraction());
        summary(f, "excess_pw_mcc_dec", g.excessPwMccDecoder());
        summary(f, "excess_shared_fraction", g.excessSharedFraction());
        PairReport first = g.pairs().get(0).report();
        f.put("baseline_pw_mcc_dec", first.randomBaseline().pwMccDecoder());
        f.put("baseline_shared_fraction", first.randomBaseline().sharedFraction());
        return new MetricPoint("group", group, step, f);
    }

    static MetricPoint seed(String group, long step, long seed, double meanAlign, double othersAlign,
                            SeedTrack t, int newDivergences, SaeSnapshot s) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("seed", seed);
        f.put("mean_alignment", meanAlign);
        f.put("others_alignment", othersAlign);
        f.put("crystallized", t.crystallization.crystallizedCount());
        f.put("divergences", newDivergences);
        f.put("crystallization_runs", crystallizationRuns(t.crystallization, s.weights().dSae()));
        for (String k : TRAINING_KEYS) {
            double v = SnapshotMetadata.metric(s, k);
            if (Double.isFinite(v)) {
                f.put(k, v);
            }
        }
        return new MetricPoint("seed", group, step, f);
    }

    /**
     * Fourier ground-truth recovery of one seed at a finalised step: per key frequency {@code {frequency, latents,
     * universal, best_purity}} (latents with that dominant frequency and purity >= min_purity, how many of them are
     * universal, the best purity among the latents it dominates), plus totals.
     */
    static MetricPoint fourier(String group, long step, long seed, LatentRecovery r, int p, double tau,
                               int universal, double computeMs) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("seed", seed);
        f.put("p", p);
        f.put("min_purity", r.minPurity());
        f.put("tau", tau);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (LatentRecovery.Frequency k : r.frequencies()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("frequency", k.frequency());
            row.put("latents", k.latents());
            row.put("universal", k.universalLatents());
            row.put("best_purity", k.bestPurity());
            rows.add(row);
        }
        f.put("frequencies", rows);
        f.put("recovered", r.frequencies().stream().filter(LatentRecovery.Frequency::recovered).count());
        f.put("recovered_share", r.recoveredShare());
        f.put("live_latents", r.liveLatents());
        f.put("universal_latents", universal);
        f.put("compute_ms", Math.round(computeMs * 10) / 10.0);
        return new MetricPoint("fourier", group, step, f);
    }

    /**
     * The crystallized latents of one seed grouped by their crystallization step (the start of their current run
     * of score >= tau): {@code [[step, latents, of which ever diverged before], ...]} sorted by step. O(distinct
     * steps), enough to draw the raster "latents sorted by crystallization step x steps" without sending F values.
     */
    static List<List<Long>> crystallizationRuns(CrystallizationTracker t, int latents) {
        TreeMap<Long, long[]> byStep = new TreeMap<>();
        for (int i = 0; i < latents; i++) {
            long start = t.crystallizationStep(i);
            if (start != CrystallizationTracker.NONE) {
                long[] c = byStep.computeIfAbsent(start, k -> new long[2]);
                c[0]++;
                c[1] += t.everDiverged(i) ? 1 : 0;
            }
        }
        List<List<Long>> runs = new ArrayList<>();
        byStep.forEach((step, c) -> runs.add(List.of(step, c[0], c[1])));
        return runs;
    }

    private static void summary(Map<String, Object> f, String name, Summary s) {
        f.put(name + "_mean", s.mean());
        f.put(name + "_min", s.min());
        f.put(name + "_max", s.max());
        f.put(name + "_ci_low", s.ci95Low());
        f.put(name + "_ci_high", s.ci95High());
    }

    /**
     * Recovery of a known dictionary by one seed's snapshot: {@code mcc_vs_truth} (mean matched cosine over the T true
     * atoms, unmatched = 0), {@code recovered_fraction} (true atoms matched at >= tau) and their random baselines.
     */
    static MetricPoint recovery(String group, long step, long seed, Recovery r, Recovery baseline, double tau) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("seed", seed);
        f.put("mcc_vs_truth", r.mccVsTruth());
        f.put("recovered_fraction", r.recoveredFraction());
        f.put("baseline_mcc_vs_truth", baseline.mccVsTruth());
        f.put("baseline_recovered_fraction", baseline.recoveredFraction());
        f.put("true_atoms", r.trueAtoms());
        f.put("tau", tau);
        return new MetricPoint("recovery", group, step, f);
    }
}
