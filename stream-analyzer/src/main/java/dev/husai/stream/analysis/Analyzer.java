package dev.husai.stream.analysis;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The analysis of a whole snapshot stream: one {@link GroupState} per group, created on the group's first
 * record. {@link #accept} is the pure per-record function the verticle, the state rebuild, replay and the
 * benchmarks share. Not thread-safe (one worker at a time).
 */
public final class Analyzer {

    private final AnalyzerOptions options;
    private final Map<String, GroupState> groups = new HashMap<>();

    public Analyzer(AnalyzerOptions options) {
        this.options = options;
    }

    public AnalyzerOptions options() {
        return options;
    }

    /** Checks and analyses one snapshot record (key = group id, value = safetensors). */
    public AnalysisOutput accept(String key, byte[] value) {
        SnapshotCheck.Result r = SnapshotCheck.check(key, value);
        if (!r.accepted() && !r.nonFinite()) {
            return AnalysisOutput.rejected(r.reason());
        }
        return groups.computeIfAbsent(key, g -> new GroupState(g, options)).accept(r);
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
