package dev.husai.stream.analysis;

import dev.husai.core.protocol.Alert;
import dev.husai.core.protocol.MetricPoint;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SnapshotMetadata;
import dev.husai.core.stability.CrystallizationTracker;
import dev.husai.core.stability.Drift;
import dev.husai.core.stability.GroupStability;
import dev.husai.core.stability.PairReport;
import dev.husai.core.stability.PairMetrics;
import dev.husai.core.stability.SaeDictionaries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Rolling analysis state of ONE group, fed snapshot by snapshot in partition order ({@link #accept}).
 * Deterministic: the same sequence of records gives the same outputs (replay).
 *
 * <p>Per snapshot (seed s, step t): training-metric rules; drift of s against its previous snapshot
 * ({@code drift} point); the pair of s with every other seed that already reported step t ({@code pair}
 * points; pairs are taken at the SAME step, which is how the trainer snapshots all seeds). A step is
 * <em>finalised</em> once the seed set is known (some seed reported a second step) and every active seed has
 * reported it or moved past it: then the group aggregate ({@code group} point), per-seed mean alignment,
 * crystallization and the divergence rule ({@code seed} points). Seeds that fall
 * {@code heartbeatMissed} snapshot intervals behind the group are declared missing (alert) and no longer
 * awaited. With a ground truth, sampled by wall time: Fourier recovery of the seeds of a finalised step
 * ({@code fourier} points, {@link RecoveryProbe}); with a known dictionary, its recovery by every seed snapshot
 * ({@code recovery} points, {@link TruthProbe}). Not thread-safe: one caller at a time (the analyzer's worker).
 */
public final class GroupState {

    private final String group;
    private final AnalyzerOptions options;
    private final Map<Long, SeedTrack> seeds = new TreeMap<>();
    private final TreeMap<Long, StepSlot> pending = new TreeMap<>();
    private boolean seedSetClosed;
    private long interval = Long.MAX_VALUE;
    private GroupSetting setting;
    private final RecoveryProbe recovery;
    private final TruthProbe known;
    private long lastRecoveryMs = RecoveryProbe.NEVER;
    private boolean sampling = true;

    public GroupState(String group, AnalyzerOptions options) {
        this(group, options, null, null);
    }

    /**
     * With {@code recovery} (null = none): sampled Fourier ground-truth recovery ({@code fourier} points); with
     * {@code known} (null = none): recovery of a known dictionary on every snapshot ({@code recovery} points).
     */
    GroupState(String group, AnalyzerOptions options, RecoveryProbe recovery, TruthProbe known) {
        this.group = group;
        this.options = options;
        this.recovery = recovery;
        this.known = known;
    }

    /** Off while the outputs are discarded (state rebuild): the sampled, costly analyses are skipped. */
    void sampling(boolean on) {
        sampling = on;
    }

    public String group() {
        return group;
    }

    /** Processes one checked record of this group (accepted, or rejected for non-finite weights). */
    public AnalysisOutput accept(SnapshotCheck.Result r) {
        if (r.nonFinite()) {
            return nonFiniteWeights(r);
        }
        if (!r.accepted()) {
            return AnalysisOutput.rejected(r.reason());
        }
        SeedTrack t = seeds.computeIfAbsent(r.seed(), SeedTrack::new);
        if (t.lastStep != SeedTrack.NONE && r.step() <= t.lastStep) {
            return AnalysisOutput.rejected("expected step > " + t.lastStep + " for seed " + r.seed()
                    + ", found " + r.step() + " (duplicate or out of order)");
        }
        GroupSetting stated = GroupSetting.of(r.snapshot());
        String mismatch = setting == null ? null : setting.mismatch(stated);
        if (mismatch != null) {
            return AnalysisOutput.rejected(mismatch + " (seed " + r.seed() + ", step " + r.step() + ")");
        }
        setting = stated;
        AnalysisOutput.Builder out = new AnalysisOutput.Builder();
        process(t, r.snapshot(), r.step(), out);
        return tagged(out.build());
    }

    private void process(SeedTrack t, SaeSnapshot s, long step, AnalysisOutput.Builder out) {
        if (t.lastStep != SeedTrack.NONE) {
            seedSetClosed = true;
            interval = Math.min(interval, step - t.lastStep);
        }
        if (!t.active && "missing".equals(t.inactiveReason)) {
            t.active = true;
        }
        SaeDictionaries dict = PairMetrics.unitRows(SaeDictionaries.fromWeights(s.weights().wDecFD(), s.weights().wEncDF()));
        t.trainingRules(s, step, group, options, out);
        // drift (this seed's own tracker) runs beside the pairs; points keep the order drift, then pairs
        CompletableFuture<Optional<Drift>> drift = CompletableFuture.supplyAsync(() -> t.drift.update(step, dict));
        List<MetricPoint> pairs = new ArrayList<>();
        if (t.active) {
            addToSlot(t.seed, step, s, dict, pairs);
        }
        drift.join().ifPresent(d -> out.metrics.add(Points.drift(group, t.seed, d)));
        out.metrics.addAll(pairs);
        if (known != null && sampling) {
            known.point(group, step, t.seed, s).ifPresent(out.metrics::add);
        }
        t.lastStep = step;
        if (SnapshotMetadata.isLast(s)) {
            t.deactivate(SnapshotMetadata.endReason(s));
        }
        heartbeat(step, out);
        finaliseReady(out);
    }

    private void addToSlot(long seed, long step, SaeSnapshot s, SaeDictionaries dict, List<MetricPoint> out) {
        StepSlot slot = pending.computeIfAbsent(step, StepSlot::new);
        boolean greedy = options.greedyFor(dict.latents());
        List<Long> others = new ArrayList<>(slot.dictionaries.keySet());
        // pairs are independent: computed in parallel, collected in seed order (deterministic output)
        List<PairReport> reports = others.parallelStream().map(o -> o < seed
                ? LivePairs.report(slot.dictionaries.get(o), dict, options.tau(), greedy)
                : LivePairs.report(dict, slot.dictionaries.get(o), options.tau(), greedy)).toList();
        for (int i = 0; i < others.size(); i++) {
            long a = Math.min(seed, others.get(i));
            long b = Math.max(seed, others.get(i));
            slot.pairs.add(new StepSlot.Pair(a, b, reports.get(i)));
            out.add(Points.pair(group, step, a, b, reports.get(i)));
        }
        slot.dictionaries.put(seed, dict);
        slot.snapshots.put(seed, s);
    }

    private AnalysisOutput nonFiniteWeights(SnapshotCheck.Result r) {
        AnalysisOutput.Builder out = new AnalysisOutput.Builder();
        out.rejection = r.reason();
        SeedTrack t = seeds.computeIfAbsent(r.seed(), SeedTrack::new);
        boolean stop = options.policyOf(group) == AlertPolicy.ALERT_AND_STOP;
        out.alert(new Alert("non_finite", group, r.seed(), r.step(), r.reason(),
                Map.of("where", r.reason(), "last_good_step", t.lastStep == SeedTrack.NONE ? -1 : t.lastStep), stop));
        t.deactivate("non-finite weights");
        finaliseReady(out);
        return tagged(out.build());
    }

    /**
     * Adds the group's {@code arch} and {@code hook} (from its snapshots' metadata) to every point, and the whole
     * {@link GroupSetting} to {@code group} points.
     */
    private AnalysisOutput tagged(AnalysisOutput o) {
        List<MetricPoint> points = o.metrics().stream().map(p -> {
            Map<String, Object> f = new java.util.LinkedHashMap<>(p.fields());
            f.put("arch", setting == null ? "unknown" : setting.arch());
            f.put("hook", setting == null ? "unknown" : setting.hook());
            if (setting != null && p.type().equals("group")) {
                setting.fields().forEach(f::putIfAbsent);
            }
            return new MetricPoint(p.type(), p.group(), p.step(), f);
        }).toList();
        return new AnalysisOutput(points, o.alerts(), o.controls(), o.rejection());
    }

    private void heartbeat(long step, AnalysisOutput.Builder out) {
        if (interval == Long.MAX_VALUE) {
            return;
        }
        for (SeedTrack o : seeds.values()) {
            long behind = o.lastStep == SeedTrack.NONE ? 0 : step - o.lastStep;
            if (o.active && behind > (long) options.heartbeatMissed() * interval) {
                out.alert(new Alert("heartbeat", group, o.seed, step, "expected a snapshot of seed " + o.seed
                        + " within " + options.heartbeatMissed() + " intervals of " + interval + " steps, found last at step "
                        + o.lastStep, Map.of("last_step", o.lastStep, "group_step", step, "interval", interval), false));
                o.deactivate("missing");
            }
        }
    }

    private void finaliseReady(AnalysisOutput.Builder out) {
        while (!pending.isEmpty() && ready(pending.firstEntry().getValue())) {
            finalise(pending.pollFirstEntry().getValue(), out);
        }
    }

    private boolean ready(StepSlot slot) {
        if (!seedSetClosed) {
            return false;
        }
        return seeds.values().stream().filter(s -> s.active)
                .allMatch(s -> slot.dictionaries.containsKey(s.seed) || s.lastStep > slot.step);
    }

    /** End of stream (replay, tests): finalises every pending step. */
    public AnalysisOutput flush() {
        AnalysisOutput.Builder out = new AnalysisOutput.Builder();
        while (!pending.isEmpty()) {
            finalise(pending.pollFirstEntry().getValue(), out);
        }
        return tagged(out.build());
    }

    private void finalise(StepSlot slot, AnalysisOutput.Builder out) {
        if (slot.pairs.isEmpty()) {
            return;
        }
        List<Long> order = new ArrayList<>(slot.dictionaries.keySet());
        List<GroupStability.SeedPair> indexed = new ArrayList<>();
        for (StepSlot.Pair p : slot.pairs) {
            indexed.add(new GroupStability.SeedPair(order.indexOf(p.a()), order.indexOf(p.b()), p.report()));
        }
        GroupStability g = GroupStability.fromPairs(indexed);
        String method = slot.pairs.get(0).report().observed().decoderMatching().method().name().toLowerCase(java.util.Locale.ROOT);
        out.metrics.add(Points.group(group, slot.step, order.size(), g, method, options.tau()));
        for (long seed : order) {
            seedAtStep(slot, seed, out);
        }
        if (recovery != null && sampling && recovery.due(lastRecoveryMs, slot)) {
            out.metrics.addAll(recovery.points(group, setting.hook(), slot, order, indexed, options.tau()));
            lastRecoveryMs = recovery.now();
        }
    }

    private void seedAtStep(StepSlot slot, long seed, AnalysisOutput.Builder out) {
        SeedTrack t = seeds.get(seed);
        SaeDictionaries dict = slot.dictionaries.get(seed);
        float[] score = new float[dict.latents()];
        java.util.Arrays.fill(score, Float.NEGATIVE_INFINITY);
        double own = 0;
        int nOwn = 0;
        double others = 0;
        int nOthers = 0;
        for (StepSlot.Pair p : slot.pairs) {
            double v = p.report().observed().pwMccDecoder();
            if (p.a() == seed || p.b() == seed) {
                own += v;
                nOwn++;
                float[] s = p.a() == seed ? p.report().observed().sharedScoresOfA(dict.latents())
                        : p.report().observed().sharedScoresOfB(dict.latents());
                for (int i = 0; i < score.length; i++) {
                    score[i] = Float.isNaN(s[i]) ? score[i] : Math.max(score[i], s[i]);
                }
            } else {
                others += v;
                nOthers++;
            }
        }
        if (t.crystallization == null) {
            t.crystallization = new CrystallizationTracker(dict.latents(), options.tau());
        }
        int newDiv = t.crystallization.update(slot.step, score).size();
        double mean = own / nOwn;
        double othersMean = nOthers == 0 ? Double.NaN : others / nOthers;
        out.metrics.add(Points.seed(group, slot.step, seed, mean, othersMean, t, newDiv, slot.snapshots.get(seed)));
        divergenceRule(t, slot.step, mean, othersMean, out);
    }

    private void divergenceRule(SeedTrack t, long step, double mean, double othersMean, AnalysisOutput.Builder out) {
        if (!t.active || Double.isNaN(othersMean) || mean >= othersMean - options.divergenceMargin()) {
            t.belowCount = 0;
            return;
        }
        t.belowCount++;
        if (t.belowCount >= options.divergenceWindow()) {
            boolean stop = options.policyOf(group) == AlertPolicy.ALERT_AND_STOP;
            out.alert(new Alert("diverging_seed", group, t.seed, step, "expected mean alignment >= others' "
                    + othersMean + " - " + options.divergenceMargin() + ", found " + mean + " for "
                    + t.belowCount + " consecutive steps", Map.of("mean_alignment", mean, "others_alignment",
                    othersMean, "consecutive", t.belowCount), stop));
            t.belowCount = 0;
            if (stop) {
                t.deactivate("diverging");
            }
        }
    }
}
