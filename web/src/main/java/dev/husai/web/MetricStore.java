package dev.husai.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * In-memory store of the metric points, alerts and stop commands seen by this server run: one {@link GroupLog} per
 * group (its events in log order) with a running summary, every alert and stop in one list, and subscribers.
 *
 * <p>Thread-safe: feeds may call it from any thread. Subscribers are called in log order under the lock (they must only
 * hand the event over, e.g. with {@code Context.runOnContext}). Every call holds the lock for a bounded time: appends
 * are amortised O(1), {@link #read} returns at most one chunk.
 *
 * <p>Memory bound ({@link Bound}): at most E events and W bytes in all, an event weighing its JSON text plus
 * {@value StoredEvent#OVERHEAD_BYTES} bytes ({@link StoredEvent#weight()}). Each group's budget is
 * (max(E / groups, min(E, {@value #MIN_GROUP_EVENTS})), max(W / groups, min(W, {@value #MIN_GROUP_BYTES}))); a group
 * over it is thinned by step as {@link GroupLog} says (old steps on a coarser uniform grid; the latest steps, alerts,
 * stops and the latest point of each series in full), never by dropping its oldest steps. When a new group appears
 * every group over the new budget is thinned at once. Alerts and stops are never thinned (they count in the bound but
 * may exceed it).
 */
public final class MetricStore implements MetricListener {
    static final int MIN_GROUP_EVENTS = 256;
    static final long MIN_GROUP_BYTES = 1 << 20;
    /** Most events one {@link #read} call examines (the lock is held for at most that many). */
    static final int MAX_SCAN = 4096;
    private final String epoch = UUID.randomUUID().toString().substring(0, 8);
    private final Bound bound;
    private final Map<String, GroupLog> logs = new LinkedHashMap<>();
    private final List<StoredEvent> notices = new ArrayList<>();
    private final List<Consumer<StoredEvent>> subscribers = new CopyOnWriteArrayList<>();
    private long nextSeq = 1;
    private int retained;
    private long retainedBytes;
    private long thinned;

    /**
     * The store's memory bound.
     *
     * @param events most events retained in all (E)
     * @param bytes  most bytes retained in all (W), counted as {@link StoredEvent#weight()}
     */
    public record Bound(int events, long bytes) {
        /** 1,000,000 events, 256 MiB. */
        public static final Bound DEFAULT = new Bound(1_000_000, 256L << 20);

        public Bound {
            if (events < 1 || bytes < 1) {
                throw new IllegalArgumentException("expected a bound of >= 1 event and >= 1 byte, found " + events
                        + " events and " + bytes + " bytes");
            }
        }
    }

    public MetricStore(Bound bound) {
        this.bound = Objects.requireNonNull(bound, "bound");
    }

    /** At most {@code capacity} events and the default bytes. */
    public MetricStore(int capacity) {
        this(capacityBound(capacity));
    }

    public MetricStore() {
        this(Bound.DEFAULT);
    }

    private static Bound capacityBound(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("expected capacity >= 1, found " + capacity);
        }
        return new Bound(capacity, Bound.DEFAULT.bytes());
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

    /** Records a stop command sent from the UI, so every open page shows it; NoSuchElementException for an unknown group. */
    public synchronized void onControl(JsonObject control) {
        if (!logs.containsKey(control.getString("group"))) {
            throw new NoSuchElementException("expected a known group id, found " + control.getString("group"));
        }
        append("control", control, s -> s.addStop(control.getLong("seed", -1L)));
    }

    private synchronized void append(String kind, JsonObject json, Consumer<GroupStats> stats) {
        String group = json.getString("group");
        if (group == null) {
            throw new IllegalArgumentException("expected a group in " + kind + ", found " + json.encode());
        }
        GroupLog g = logs.get(group);
        if (g == null) {
            g = new GroupLog(group);
            logs.put(group, g);
            thinAll();
        }
        stats.accept(g.stats);
        StoredEvent e = new StoredEvent(nextSeq++, kind, group, json.getLong("step", -1L), json);
        g.stats.touched(e.seq());
        g.add(e, json);
        retained++;
        retainedBytes += e.weight();
        if (!kind.equals("metric")) {
            notices.add(e);
        }
        if (g.over(groupBudget())) {
            thin(g);
        }
        subscribers.forEach(s -> s.accept(e));
    }

    private void thinAll() {
        Bound budget = groupBudget();
        logs.values().stream().filter(l -> l.over(budget)).forEach(this::thin);
    }

    private void thin(GroupLog g) {
        long bytesBefore = g.bytes();
        int removed = g.compact(groupBudget());
        retained -= removed;
        retainedBytes -= bytesBefore - g.bytes();
        thinned += removed;
    }

    /** The per-group budget (see the class comment). */
    public synchronized Bound groupBudget() {
        int groups = Math.max(1, logs.size());
        return new Bound(Math.max(bound.events() / groups, Math.min(bound.events(), MIN_GROUP_EVENTS)),
                Math.max(bound.bytes() / groups, Math.min(bound.bytes(), MIN_GROUP_BYTES)));
    }

    /** Every later event reaches {@code live}, in log order, under the store's lock. */
    public void subscribe(Consumer<StoredEvent> live) {
        subscribers.add(live);
    }

    public void unsubscribe(Consumer<StoredEvent> live) {
        subscribers.remove(live);
    }

    /**
     * One chunk of a backfill.
     *
     * @param events the kept events read, in log order
     * @param cursor every kept event with seq <= cursor has been examined: the next read starts after it
     * @param done   true when the chunk reached the end of the log (then cursor is the last seq of the log)
     */
    public record Chunk(List<StoredEvent> events, long cursor, boolean done) {
    }

    /**
     * Up to {@code limit} kept events with seq > {@code afterSeq} and step > {@code sinceStep}, of one group (all
     * groups, merged in log order, for null). Examines at most {@value #MAX_SCAN} events: O(log n + limit) for one
     * group, O(groups log n + limit log groups) for all. Events thinned away are simply not returned.
     */
    public synchronized Chunk read(String group, long afterSeq, long sinceStep, int limit) {
        List<GroupLog> from = group == null ? List.copyOf(logs.values())
                : logs.containsKey(group) ? List.of(logs.get(group)) : List.of();
        return LogMerge.read(from, afterSeq, sinceStep, Math.min(limit, MAX_SCAN), MAX_SCAN, nextSeq - 1);
    }

    /**
     * Group summaries as of one log position.
     *
     * @param lastSeq the log position the summaries reflect (every event up to it, none after)
     * @param groups  the summaries ({@code /api/groups} items)
     */
    public record Summaries(long lastSeq, List<JsonObject> groups) {
    }

    /** Summaries of the groups with an event after log position {@code afterSeq} (all groups for -1). O(groups). */
    public synchronized Summaries summariesAfter(long afterSeq) {
        List<JsonObject> changed = logs.values().stream().map(l -> l.stats).filter(g -> g.lastSeq() > afterSeq)
                .map(GroupStats::toJson).toList();
        return new Summaries(nextSeq - 1, changed);
    }

    /** Current summaries of the named groups (unknown names are skipped), in the order given. */
    public synchronized List<JsonObject> summaries(Collection<String> ids) {
        return ids.stream().map(logs::get).filter(Objects::nonNull).map(l -> l.stats.toJson()).toList();
    }

    /** Kept events of one group with step > since, in log order, up to the current end of the log. */
    public List<StoredEvent> history(String group, long since) {
        return history(group, since, lastSeq());
    }

    /** Same, up to log position {@code upTo}; read in chunks (the lock is never held for the whole group). */
    public List<StoredEvent> history(String group, long since, long upTo) {
        List<StoredEvent> out = new ArrayList<>();
        long cursor = 0;
        while (cursor < upTo) {
            Chunk c = read(group, cursor, since, MAX_SCAN);
            c.events().stream().filter(e -> e.seq() <= upTo).forEach(out::add);
            cursor = c.cursor();
            if (c.done()) {
                break;
            }
        }
        return out;
    }

    public synchronized boolean hasGroup(String group) {
        return logs.containsKey(group);
    }

    /** The seeds a group's metric points named, ascending; NoSuchElementException for an unknown group. */
    public synchronized List<Long> seeds(String group) {
        GroupLog g = logs.get(group);
        if (g == null) {
            throw new NoSuchElementException("expected a known group id, found " + group);
        }
        return g.stats.seeds();
    }

    /** Summaries of all groups, in order of first appearance. */
    public synchronized JsonArray groups() {
        JsonArray a = new JsonArray();
        logs.values().forEach(g -> a.add(g.stats.toJson()));
        return a;
    }

    /** All alerts and stop commands, in log order (never thinned). */
    public synchronized JsonArray alerts() {
        JsonArray a = new JsonArray();
        notices.forEach(e -> a.add(e.json().put("event", e.kind())));
        return a;
    }

    /** Log position of the last event, 0 when empty. */
    public synchronized long lastSeq() {
        return nextSeq - 1;
    }

    /** Events held now (the bound applies to this). */
    public synchronized int retained() {
        return retained;
    }

    /** Bytes held now ({@link StoredEvent#weight()} summed). */
    public synchronized long retainedBytes() {
        return retainedBytes;
    }

    /** Events removed by thinning so far. */
    public synchronized long thinned() {
        return thinned;
    }

    public Bound bound() {
        return bound;
    }
}
