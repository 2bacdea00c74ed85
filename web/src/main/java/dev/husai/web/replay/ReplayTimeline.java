package dev.husai.web.replay;

import dev.husai.stream.analysis.AnalysisOutput;
import dev.husai.stream.analysis.Analyzer;
import dev.husai.stream.analysis.AnalyzerOptions;
import dev.husai.core.protocol.SnapshotChunks;
import dev.husai.stream.analysis.SnapshotCheck;
import dev.husai.stream.replay.Recording;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A recording analysed once, in recorded order, by the live pipeline's pure {@link Analyzer}: per record a
 * {@link Frame} with its time offset, its training step and the metric points and alerts it caused (under the
 * recorded group id). The analysis is deterministic, so these are the live run's points (without the verticle's
 * {@code trigger_*} fields). Control messages the analysis would send are not kept: no trainer listens to a replay.
 *
 * @param frames one per record, then one for the end-of-stream flush
 */
public record ReplayTimeline(List<Frame> frames) {

    /**
     * The outputs of one record.
     *
     * @param offsetMs record timestamp minus the first record's
     * @param step     the record's training step (the previous frame's for an unreadable record)
     * @param metrics  metric points (JSON as on husai.metrics)
     * @param alerts   alerts (JSON as on husai.alerts)
     */
    public record Frame(long offsetMs, long step, List<JsonObject> metrics, List<JsonObject> alerts) {
    }

    public ReplayTimeline {
        frames = List.copyOf(frames);
    }

    /** Analyses {@code entries} (a recording's records, in order). */
    public static ReplayTimeline analyze(List<Recording.Entry> entries, AnalyzerOptions options) {
        Analyzer analyzer = new Analyzer(options);
        List<Frame> frames = new ArrayList<>();
        long first = entries.isEmpty() ? 0 : entries.get(0).timestampMs();
        long step = 0;
        SnapshotChunks.Assembler chunks = new SnapshotChunks.Assembler(64);
        for (Recording.Entry e : entries) {
            SnapshotChunks.Offer o = chunks.offer(e.key(), e.value());
            if (o.pending()) {
                continue;
            }
            SnapshotCheck.Result r = o.bytes() == null ? new SnapshotCheck.Result(null, 0, 0, o.problem(), false)
                    : SnapshotCheck.check(e.key(), o.bytes());
            step = r.snapshot() != null ? r.step() : step;
            frames.add(frame(e.timestampMs() - first, step, analyzer.accept(e.key(), r)));
        }
        long end = frames.isEmpty() ? 0 : frames.get(frames.size() - 1).offsetMs();
        List<JsonObject> metrics = new ArrayList<>();
        List<JsonObject> alerts = new ArrayList<>();
        for (AnalysisOutput o : analyzer.flush().values()) {
            o.metrics().forEach(p -> metrics.add(new JsonObject(p.toMap())));
            o.alerts().forEach(a -> alerts.add(new JsonObject(a.toMap())));
        }
        frames.add(new Frame(end, step, metrics, alerts));
        return new ReplayTimeline(frames);
    }

    private static Frame frame(long offsetMs, long step, AnalysisOutput o) {
        return new Frame(offsetMs, step, o.metrics().stream().map(p -> new JsonObject(p.toMap())).toList(),
                o.alerts().stream().map(a -> new JsonObject(a.toMap())).toList());
    }

    /** Last step of the recording (0 when empty). */
    public long lastStep() {
        return frames.isEmpty() ? 0 : frames.get(frames.size() - 1).step();
    }

    /** Offset of the last record, ms. */
    public long durationMs() {
        return frames.isEmpty() ? 0 : frames.get(frames.size() - 1).offsetMs();
    }
}
