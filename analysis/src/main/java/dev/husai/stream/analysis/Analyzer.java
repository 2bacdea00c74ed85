package dev.husai.stream.analysis;

import dev.husai.core.fourier.GroundTruth;
import dev.husai.core.protocol.SnapshotChunks;
import dev.husai.core.tensor.FloatMatrix;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The analysis of a whole snapshot stream: one {@link GroupState} per group, created on the group's first
 * record. {@link #accept} is the pure per-record function the verticle, the state rebuild, replay and the
 * benchmarks share. A snapshot sent in chunks ({@link SnapshotChunks}) is analysed at its last chunk; the chunks before
 * it give no output. Not thread-safe (one worker at a time).
 */
public final class Analyzer {

    private final AnalyzerOptions options;
    private final Map<String, GroupState> groups = new HashMap<>();
    /** Partial chunked snapshots: at most 64 (a chunked snapshot's chunks arrive back to back on its partition). */
    private final SnapshotChunks.Assembler chunks = new SnapshotChunks.Assembler(64);
    private final RecoveryProbe recovery;
    private final TruthProbe known;

    public Analyzer(AnalyzerOptions options) {
        this(options, null, System::currentTimeMillis);
    }

    /**
     * With the testbed's {@code truth} (null = none): Fourier recovery of each group's seeds at most every
     * {@link AnalyzerOptions#fourierIntervalMs()} of {@code clockMs} (wall time, ms) and at each seed's last snapshot.
     */
    public Analyzer(AnalyzerOptions options, GroundTruth truth, LongSupplier clockMs) {
        this(options, truth, null, clockMs);
    }

    /**
     * As above, and with a known dictionary {@code knownAtomsTD} ({@code [T, D]}, null = none): a {@code recovery}
     * point (MCC vs truth, fraction of atoms recovered at tau, baselines) for every seed snapshot of d_in D.
     */
    public Analyzer(AnalyzerOptions options, GroundTruth truth, FloatMatrix knownAtomsTD, LongSupplier clockMs) {
        this.options = options;
        this.recovery = truth == null ? null : new RecoveryProbe(truth, options.fourierIntervalMs(), clockMs);
        this.known = knownAtomsTD == null ? null : new TruthProbe(knownAtomsTD, options.tau());
    }

    public AnalyzerOptions options() {
        return options;
    }

    /** Checks and analyses one snapshot record (key = group id, value = safetensors). */
    public AnalysisOutput accept(String key, byte[] value) {
        SnapshotChunks.Offer o = chunks.offer(key, value);
        if (o.bytes() == null) {
            return o.pending() ? AnalysisOutput.NONE : AnalysisOutput.rejected(o.problem());
        }
        return accept(key, SnapshotCheck.check(key, o.bytes()));
    }

    /** Analyses a record already checked ({@link SnapshotCheck#check}, which decodes it) with {@code key}. */
    public AnalysisOutput accept(String key, SnapshotCheck.Result r) {
        if (!r.accepted() && !r.nonFinite()) {
            return AnalysisOutput.rejected(r.reason());
        }
        return groups.computeIfAbsent(key, g -> new GroupState(g, options, recovery, known)).accept(r);
    }

    /**
     * As {@link #accept} for a record whose outputs are discarded (state rebuild after a restart): the state is the
     * same, the sampled analyses (Fourier recovery) are skipped.
     */
    public AnalysisOutput acceptDiscarded(String key, byte[] value) {
        SnapshotChunks.Offer o = chunks.offer(key, value);
        if (o.bytes() == null) {
            return o.pending() ? AnalysisOutput.NONE : AnalysisOutput.rejected(o.problem());
        }
        SnapshotCheck.Result r = SnapshotCheck.check(key, o.bytes());
        if (!r.accepted() && !r.nonFinite()) {
            return AnalysisOutput.rejected(r.reason());
        }
        GroupState s = groups.computeIfAbsent(key, g -> new GroupState(g, options, recovery, known));
        s.sampling(false);
        try {
            return s.accept(r);
        } finally {
            s.sampling(true);
        }
    }

    /** Forgets the groups matching {@code which} (their partition moved to another instance). */
    public void drop(Predicate<String> which) {
        groups.keySet().removeIf(which);
    }

    /** Number of groups held. */
    public int groupCount() {
        return groups.size();
    }

    /** End of stream: finalises every group's pending steps (replay, tests). */
    public Map<String, AnalysisOutput> flush() {
        Map<String, AnalysisOutput> out = new HashMap<>();
        groups.forEach((g, s) -> out.put(g, s.flush()));
        return out;
    }
}
