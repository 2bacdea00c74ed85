package dev.husai.web.replay;

import dev.husai.stream.analysis.AnalyzerOptions;
import dev.husai.stream.replay.Recording;
import dev.husai.web.MetricListener;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The replays of one web server: lists the recordings of a directory, starts sessions (read + analysed on a worker),
 * ticks them every {@value #TICK_MS} ms on the event loop and applies pause / play / speed / seek. Errors are
 * IllegalArgumentException (bad input, expected vs found) or NoSuchElementException (unknown recording or replay).
 */
public final class ReplayService {
    static final long TICK_MS = 50;
    private final Vertx vertx;
    private final Path dir;
    private final MetricListener sink;
    private final AnalyzerOptions options;
    private final Map<String, ReplaySession> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final long timer;

    /** {@code dir} may be null (no recordings offered). */
    public ReplayService(Vertx vertx, Path dir, MetricListener sink, AnalyzerOptions options) {
        this.vertx = vertx;
        this.dir = dir;
        this.sink = sink;
        this.options = options;
        this.timer = vertx.setPeriodic(TICK_MS, t -> sessions.values().forEach(s -> s.tick(TICK_MS, sink)));
    }

    /** {@code {dir, recordings: [{name, bytes}]}}: the regular files of the directory, by name. */
    public JsonObject recordings() {
        JsonArray list = new JsonArray();
        names().forEach(n -> list.add(new JsonObject().put("name", n).put("bytes", size(dir.resolve(n)))));
        return new JsonObject().put("dir", dir == null ? null : dir.toString()).put("recordings", list);
    }

    private List<String> names() {
        if (dir == null) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Reads and analyses the recording {@code name} (one of {@link #recordings()}) on a worker, then plays it. */
    public Future<JsonObject> start(String name, double speed) {
        List<String> names = names();
        if (!names.contains(name)) {
            throw new NoSuchElementException("expected one of the recordings " + names + ", found " + name);
        }
        ReplaySession.checkedSpeed(speed);
        return vertx.executeBlocking(() -> timeline(Recording.readAll(dir.resolve(name)), options), false)
                .map(timeline -> {
                    ReplaySession s = new ReplaySession(Integer.toString(ids.incrementAndGet()), name, timeline, speed);
                    sessions.put(s.id(), s);
                    return s.toJson();
                });
    }

    /**
     * The recording analysed with the analyzer options its live run used (recorded with it), so a replay draws the
     * live curves also at a non-default tau or matcher; {@code fallback} when none were recorded.
     */
    static ReplayTimeline timeline(Recording.Contents recording, AnalyzerOptions fallback) {
        AnalyzerOptions used = recording.analyzerOptions() == null ? fallback
                : AnalyzerOptions.fromJson(new JsonObject(recording.analyzerOptions()));
        return ReplayTimeline.analyze(recording.entries(), used);
    }

    /** Every session, by id. */
    public JsonArray sessions() {
        JsonArray a = new JsonArray();
        sessions.values().stream().sorted((x, y) -> Integer.compare(Integer.parseInt(x.id()), Integer.parseInt(y.id())))
                .forEach(s -> a.add(s.toJson()));
        return a;
    }

    /** {@code {"action": "pause" | "play" | "speed" | "seek", "speed": 10 | "max", "step": 400}}; the new state. */
    public JsonObject control(String id, JsonObject body) {
        ReplaySession s = sessions.get(id);
        if (s == null) {
            throw new NoSuchElementException("expected a replay id among " + sessions.keySet() + ", found " + id);
        }
        String action = body.getString("action", "");
        switch (action) {
            case "pause" -> s.pause();
            case "play" -> s.play();
            case "speed" -> s.speed(ReplaySession.parseSpeed(body.getValue("speed")));
            case "seek" -> s.seek(step(body.getValue("step")), sink);
            default -> throw new IllegalArgumentException("expected action pause, play, speed or seek, found " + action);
        }
        return s.toJson();
    }

    private static long step(Object v) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        throw new IllegalArgumentException("expected an integer step, found " + v);
    }

    /** Stops the ticks. */
    public void close() {
        vertx.cancelTimer(timer);
    }
}
