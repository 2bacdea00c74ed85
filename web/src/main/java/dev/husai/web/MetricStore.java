package dev.husai.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * In-memory log of every metric point, alert and stop command seen by this server run, with a per-group summary.
 * Thread-safe: feeds may call it from any thread; subscribers are called in log order, under the lock (they must
 * only hand the event over, e.g. with {@code Context.runOnContext}). Bounded: beyond {@code capacity} entries the
 * oldest are dropped (a later backfill then starts at the oldest kept entry).
 */
public final class MetricStore implements MetricListener {
    private final String epoch = UUID.randomUUID().toString().substring(0, 8);
    private final int capacity;
    private final ArrayList<StoredEvent> log = new ArrayList<>();
    private final Map<String, GroupStats> groups = new LinkedHashMap<>();
    private final List<Consumer<StoredEvent>> subscribers = new CopyOnWriteArrayList<>();
    private long nextSeq = 1;
    private long firstKeptSeq = 1;

    public MetricStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("expected capacity >= 1, found " + capacity);
        }
        this.capacity = capacity;
    }

    public MetricStore() {
        this(2_000_000);
    }

    /** Changes at every server run: an SSE {@code Last-Event-ID} from another run is not a position in this log. */
    public String epoch() {
        return epoch;
    }

    /** Stores a metric point; IllegalArgumentException for a malformed {@code fourier} point (checked at the edge). */
    @Override
    public void onMetric(JsonObject point) {
        FourierPointCheck.check(point);
        append("metric", point, s -> s.addMetric(point));
    }

    @Override
    public void onAlert(JsonObject alert) {
        append("alert", alert, GroupStats::addAlert);
    }

    /** Records a stop command sent from the UI, so every open page shows it. */
    public void onControl(JsonObject control) {
        append("control", control, s -> s.addStop(control.getLong("seed", -1L)));
    }

    private synchronized void append(String kind, JsonObject json, Consumer<GroupStats> stats) {
        String group = json.getString("group");
        if (group == null) {
            throw new IllegalArgumentException("expected a group in " + kind + ", found " + json.encode());
        }
        GroupStats g = groups.computeIfAbsent(group, GroupStats::new);
        stats.accept(g);
        StoredEvent e = new StoredEvent(nextSeq++, kind, group, json.getLong("step", -1L), json);
        g.touched(e.seq());
        log.add(e);
        if (log.size() > capacity) {
            log.subList(0, log.size() - capacity).clear();
            firstKeptSeq = log.get(0).seq();
        }
        subscribers.forEach(s -> s.accept(e));
    }

    /** Events after log position {@code afterSeq} matching the filter, and subscribes {@code live} (atomically). */
    public synchronized List<StoredEvent> subscribeAfter(long afterSeq, Predicate<StoredEvent> filter,
                                                         Consumer<StoredEvent> live) {
        subscribers.add(live);
        return select(e -> e.seq() > afterSeq && filter.test(e));
    }

    /**
     * Group summaries as of one log position.
     *
     * @param lastSeq the log position the summaries reflect (every event up to it, none after)
     * @param groups  the summaries ({@code /api/groups} items)
     */
    public record Summaries(long lastSeq, List<JsonObject> groups) {
    }

    /**
     * Summaries of the groups with an event after log position {@code afterSeq} (all groups for -1), and subscribes
     * {@code live} (atomically: every later event reaches {@code live}).
     */
    public synchronized Summaries subscribeSummaries(long afterSeq, Consumer<StoredEvent> live) {
        subscribers.add(live);
        List<JsonObject> changed = groups.values().stream().filter(g -> g.lastSeq() > afterSeq).map(GroupStats::toJson).toList();
        return new Summaries(nextSeq - 1, changed);
    }

    /** Current summaries of the named groups (unknown names are skipped), in the order given. */
    public synchronized List<JsonObject> summaries(Collection<String> ids) {
        return ids.stream().map(groups::get).filter(Objects::nonNull).map(GroupStats::toJson).toList();
    }

    public void unsubscribe(Consumer<StoredEvent> live) {
        subscribers.remove(live);
    }

    /** Events of one group with step > since, in log order. */
    public synchronized List<StoredEvent> history(String group, long since) {
        return select(e -> e.group().equals(group) && e.step() > since);
    }

    public synchronized boolean hasGroup(String group) {
        return groups.containsKey(group);
    }

    /** Summaries of all groups, in order of first appearance. */
    public synchronized JsonArray groups() {
        JsonArray a = new JsonArray();
        groups.values().forEach(g -> a.add(g.toJson()));
        return a;
    }

    /** All alerts and stop commands, in log order. */
    public synchronized JsonArray alerts() {
        JsonArray a = new JsonArray();
        select(e -> !e.kind().equals("metric")).forEach(e -> a.add(e.json().copy().put("event", e.kind())));
        return a;
    }

    /** Log position of the last event, 0 when empty. */
    public synchronized long lastSeq() {
        return nextSeq - 1;
    }

    synchronized long firstKeptSeq() {
        return firstKeptSeq;
    }

    private List<StoredEvent> select(Predicate<StoredEvent> p) {
        return log.stream().filter(p).toList();
    }
}
