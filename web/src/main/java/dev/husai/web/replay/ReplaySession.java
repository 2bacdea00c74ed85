package dev.husai.web.replay;

import dev.husai.web.MetricListener;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One replay being played: a {@link ReplayTimeline} emitted into a {@link MetricListener} on a virtual clock that
 * runs {@code speed} times faster than the recording (or as fast as allowed, {@code max}); pause, play, speed and
 * seek. Points are emitted under the replay group id {@code <group>@<runId>} ({@code runId = replay-<id>}). Seeking
 * forward emits everything up to the target step at once; seeking backward starts a new run
 * ({@code replay-<id>.2}, ...) and emits its points up to the target, so a curve never goes back in time.
 * Thread-safe (synchronized); called from the event loop by {@link ReplayService}.
 */
public final class ReplaySession {
    /** At most this many records are emitted per tick, to keep the event loop responsive at speed max. */
    static final int MAX_FRAMES_PER_TICK = 200;

    /** Playback state. */
    public enum State { PLAYING, PAUSED, DONE }

    private final String id;
    private final String recording;
    private final ReplayTimeline timeline;
    private final Set<String> groups = new TreeSet<>();
    private State state = State.PLAYING;
    private double speed;
    private double clockMs;
    private int next;
    private int run = 1;

    public ReplaySession(String id, String recording, ReplayTimeline timeline, double speed) {
        this.id = id;
        this.recording = recording;
        this.timeline = timeline;
        this.speed = checkedSpeed(speed);
    }

    public String id() {
        return id;
    }

    /** Advances the virtual clock by {@code elapsedMs} x speed and emits the records now due. */
    public synchronized void tick(long elapsedMs, MetricListener sink) {
        if (state != State.PLAYING) {
            return;
        }
        clockMs += Double.isInfinite(speed) ? Double.MAX_VALUE / 4 : elapsedMs * speed;
        List<ReplayTimeline.Frame> frames = timeline.frames();
        for (int n = 0; n < MAX_FRAMES_PER_TICK && next < frames.size() && frames.get(next).offsetMs() <= clockMs; n++) {
            emit(frames.get(next++), sink);
        }
        if (next == frames.size()) {
            state = State.DONE;
        }
    }

    public synchronized void pause() {
        if (state == State.PLAYING) {
            state = State.PAUSED;
        }
    }

    public synchronized void play() {
        if (state == State.PAUSED) {
            state = State.PLAYING;
        }
    }

    public synchronized void speed(double s) {
        speed = checkedSpeed(s);
    }

    /** Emits every record up to {@code step} (a new run when {@code step} is before the current position). */
    public synchronized void seek(long step, MetricListener sink) {
        if (step < 0 || step > timeline.lastStep()) {
            throw new IllegalArgumentException("expected a step in [0, " + timeline.lastStep() + "], found " + step);
        }
        if (next > 0 && step < currentStep()) {
            run++;
            next = 0;
            clockMs = 0;
        }
        List<ReplayTimeline.Frame> frames = timeline.frames();
        while (next < frames.size() - 1 && frames.get(next).step() <= step) {
            emit(frames.get(next++), sink);
        }
        clockMs = next == 0 ? 0 : frames.get(next - 1).offsetMs();
        if (state == State.DONE && next < frames.size()) {
            state = State.PAUSED;
        }
    }

    /** The run id of the current run: {@code replay-<id>}, then {@code replay-<id>.2} after a backward seek. */
    public synchronized String runId() {
        return "replay-" + id + (run > 1 ? "." + run : "");
    }

    private long currentStep() {
        return next == 0 ? -1 : timeline.frames().get(next - 1).step();
    }

    private void emit(ReplayTimeline.Frame f, MetricListener sink) {
        String run = runId();
        for (JsonObject p : f.metrics()) {
            sink.onMetric(renamed(p, run));
        }
        for (JsonObject a : f.alerts()) {
            sink.onAlert(renamed(a, run));
        }
    }

    private JsonObject renamed(JsonObject j, String run) {
        String group = j.getString("group") + "@" + run;
        groups.add(group);
        return j.copy().put("group", group).put("replay", id);
    }

    /** {@code {id, recording, run_id, groups, state, speed, step, last_step, record, records}}. */
    public synchronized JsonObject toJson() {
        String run = runId();
        return new JsonObject().put("id", id).put("recording", recording).put("run_id", run)
                .put("groups", new io.vertx.core.json.JsonArray(groups.stream().filter(g -> g.endsWith("@" + run))
                        .map(Object.class::cast).toList()))
                .put("state", state.name().toLowerCase(java.util.Locale.ROOT))
                .put("speed", Double.isInfinite(speed) ? "max" : speed).put("step", Math.max(0, currentStep()))
                .put("last_step", timeline.lastStep()).put("record", next).put("records", timeline.frames().size());
    }

    /** A speed: a number > 0 ({@code Infinity} = max). */
    static double checkedSpeed(double s) {
        if (!(s > 0)) {
            throw new IllegalArgumentException("expected a speed > 0 or max, found " + s);
        }
        return s;
    }

    /** Parses {@code 10}, {@code "10x"}, {@code "0.5"} or {@code "max"}. */
    public static double parseSpeed(Object v) {
        if (v instanceof Number n) {
            return checkedSpeed(n.doubleValue());
        }
        String s = String.valueOf(v).trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("max")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            return checkedSpeed(Double.parseDouble(s.endsWith("x") ? s.substring(0, s.length() - 1) : s));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a speed > 0 (e.g. 10 or 10x) or max, found " + v);
        }
    }
}
