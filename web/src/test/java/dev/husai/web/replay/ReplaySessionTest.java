package dev.husai.web.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.stream.analysis.AnalysisOutput;
import dev.husai.stream.analysis.Analyzer;
import dev.husai.stream.analysis.AnalyzerOptions;
import dev.husai.stream.analysis.MatcherChoice;
import dev.husai.stream.replay.Recording;
import dev.husai.web.MetricListener;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplaySessionTest {
    private final List<JsonObject> points = new ArrayList<>();
    private final MetricListener sink = new MetricListener() {
        @Override
        public void onMetric(JsonObject p) {
            points.add(p);
        }

        @Override
        public void onAlert(JsonObject a) {
        }
    };

    @Test
    void timelineHoldsTheLiveAnalysisPointsInRecordedOrder() {
        List<Recording.Entry> entries = RecordingFixture.entries("g", 3, 5);
        ReplayTimeline t = ReplayTimeline.analyze(entries, AnalyzerOptions.defaults());
        Analyzer live = new Analyzer(AnalyzerOptions.defaults());
        List<JsonObject> expected = new ArrayList<>();
        for (Recording.Entry e : entries) {
            live.accept(e.key(), e.value()).metrics().forEach(p -> expected.add(new JsonObject(p.toMap())));
        }
        for (AnalysisOutput o : live.flush().values()) {
            o.metrics().forEach(p -> expected.add(new JsonObject(p.toMap())));
        }
        assertEquals(expected, t.frames().stream().flatMap(f -> f.metrics().stream()).toList());
        assertEquals(entries.size() + 1, t.frames().size(), "one frame per record + the end-of-stream flush");
        assertEquals(50, t.lastStep());
        assertEquals(400, t.durationMs());
    }

    @Test
    void aReplayUsesTheAnalyzerOptionsRecordedWithTheRun() {
        List<Recording.Entry> entries = RecordingFixture.entries("g", 3, 5);
        AnalyzerOptions run = AnalyzerOptions.defaults().withTau(0.3).withMatcher(MatcherChoice.GREEDY);
        ReplayTimeline recorded = ReplayService.timeline(new Recording.Contents(run.toJson().encode(), entries),
                AnalyzerOptions.defaults());
        assertEquals(ReplayTimeline.analyze(entries, run).frames(), recorded.frames(), "the run's curves");
        List<JsonObject> groups = recorded.frames().stream().flatMap(f -> f.metrics().stream())
                .filter(j -> j.getString("type").equals("group")).toList();
        assertEquals(5, groups.size());
        assertTrue(groups.stream().allMatch(j -> j.getDouble("tau") == 0.3 && j.getString("method").equals("greedy")));
        ReplayTimeline unrecorded = ReplayService.timeline(new Recording.Contents(null, entries), AnalyzerOptions.defaults());
        assertTrue(unrecorded.frames().stream().flatMap(f -> f.metrics().stream()).filter(j -> j.getString("type").equals("group"))
                .allMatch(j -> j.getDouble("tau") == 0.7 && j.getString("method").equals("exact")), "no options: the defaults");
    }

    @Test
    void playsOnTheVirtualClockPausesAndRunsAtMax() {
        ReplaySession s = new ReplaySession("1", "r", ReplayTimeline.analyze(RecordingFixture.entries("g", 3, 5),
                AnalyzerOptions.defaults()), 1);
        s.tick(150, sink); // offsets 0 and 100: steps 10 and 20 of every seed, both finalised
        assertEquals(List.of(10L, 20L), groupSteps("g@replay-1"));
        s.pause();
        s.tick(10_000, sink);
        assertEquals(List.of(10L, 20L), groupSteps("g@replay-1"), "paused: nothing more");
        s.play();
        s.speed(ReplaySession.parseSpeed("max"));
        s.tick(50, sink);
        assertEquals(List.of(10L, 20L, 30L, 40L, 50L), groupSteps("g@replay-1"));
        assertEquals("done", s.toJson().getString("state"));
        assertEquals("max", s.toJson().getValue("speed"));
    }

    @Test
    void seekForwardEmitsUpToTheStepAndSeekBackStartsANewRun() {
        ReplaySession s = new ReplaySession("7", "r", ReplayTimeline.analyze(RecordingFixture.entries("g", 3, 5),
                AnalyzerOptions.defaults()), 1);
        s.pause();
        s.seek(40, sink);
        assertEquals(List.of(10L, 20L, 30L, 40L), groupSteps("g@replay-7"));
        assertEquals(40L, s.toJson().getLong("step"));
        s.seek(20, sink);
        assertEquals("replay-7.2", s.runId());
        assertEquals(List.of(10L, 20L), groupSteps("g@replay-7.2"));
        assertEquals(List.of("g@replay-7.2"), s.toJson().getJsonArray("groups").getList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.seek(60, sink));
        assertEquals("expected a step in [0, 50], found 60", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ReplaySession.parseSpeed("fast"));
        assertEquals("expected a speed > 0 (e.g. 10 or 10x) or max, found fast", e.getMessage());
        assertEquals(10.0, ReplaySession.parseSpeed("10x"));
        assertTrue(points.stream().allMatch(p -> "7".equals(p.getString("replay"))));
    }

    private List<Long> groupSteps(String group) {
        return points.stream().filter(p -> p.getString("type").equals("group") && p.getString("group").equals(group))
                .map(p -> p.getLong("step")).toList();
    }
}
