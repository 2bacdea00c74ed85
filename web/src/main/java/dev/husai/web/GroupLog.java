package dev.husai.web;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The retained events of one group in log order (seq strictly increasing), bounded by thinning old steps.
 *
 * <p>Every metric event gets the group's <em>step ordinal</em> current at its arrival: 0 for the first step, +1 each
 * time a point with a larger step than any before arrives (a late point rides with the step it arrived at). A budget B
 * bounds both the number of events and their bytes ({@link StoredEvent#weight()}); when the log exceeds either,
 * {@link #compact(MetricStore.Bound)} keeps
 * <ul>
 *   <li>every alert and stop command;</li>
 *   <li>the <em>tail</em>: every event of the latest steps, as many whole steps as fit in B/2 (events and bytes);</li>
 *   <li>the latest point of every series (type, seed, pair a-b): a stopped seed's last point and the latest
 *       {@code fourier} point of each seed survive however old they are;</li>
 *   <li>of the older steps, those whose ordinal o satisfies o mod s = 0, where the stride s starts at 1 and doubles
 *       until the log holds at most 3B/4 (events and bytes).</li>
 * </ul>
 * So the older part of every curve is sampled on one uniform grid of steps (step 0 always kept), from the first step
 * to the tail, at full resolution in the tail: the whole run keeps its shape, only its resolution drops. The stride
 * never decreases. Cost: a compaction is one O(n) pass in place per stride tried (usually one or two) and leaves
 * at least B/4 free slots, so appends are amortised O(1) (no shift per append). Not thread-safe: used under the {@link MetricStore} lock.
 */
final class GroupLog {
    final GroupStats stats;
    private StoredEvent[] events = new StoredEvent[16];
    private long[] ordinals = new long[16];
    private int size;
    private long bytes;
    private final Map<String, Long> latestOfSeries = new HashMap<>();
    private long maxStep = Long.MIN_VALUE;
    private long ordinal = -1;
    private long stride = 1;

    GroupLog(String id) {
        this.stats = new GroupStats(id);
    }

    /** Appends {@code e} (its value {@code json}), whose seq is larger than every seq held. */
    void add(StoredEvent e, JsonObject json) {
        if (e.kind().equals("metric")) {
            if (e.step() > maxStep) {
                maxStep = e.step();
                ordinal++;
            }
            latestOfSeries.put(seriesKey(json), e.seq());
        }
        if (size == events.length) {
            events = Arrays.copyOf(events, size * 2);
            ordinals = Arrays.copyOf(ordinals, size * 2);
        }
        events[size] = e;
        ordinals[size] = ordinal;
        size++;
        bytes += e.weight();
    }

    /** The series a metric point belongs to: {@code type|seed|a|b} (absent fields as null). */
    static String seriesKey(JsonObject p) {
        return p.getValue("type") + "|" + p.getValue("seed") + "|" + p.getValue("a") + "|" + p.getValue("b");
    }

    int size() {
        return size;
    }

    /** Sum of the held events' weights. */
    long bytes() {
        return bytes;
    }

    /** True when the log exceeds the budget in events or bytes. */
    boolean over(MetricStore.Bound budget) {
        return size > budget.events() || bytes > budget.bytes();
    }

    StoredEvent get(int i) {
        return events[i];
    }

    /** The current stride s of the thinned part (1 = nothing thinned yet). */
    long stride() {
        return stride;
    }

    /** Index of the first event with seq > {@code afterSeq} (size when none): binary search, O(log n). */
    int indexAfter(long afterSeq) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (events[mid].seq() <= afterSeq) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Thins the log to at most 3B/4 (events and bytes) for a budget B (see the class comment); less when the protected
     * events (alerts, stops, latest point of each series, step 0) alone exceed it. Returns the number of events removed.
     */
    int compact(MetricStore.Bound budget) {
        int before = size;
        long tailOrdinal = tailOrdinal(budget.events() / 2, budget.bytes() / 2);
        Set<Long> latest = new HashSet<>(latestOfSeries.values());
        while (true) {
            retain(tailOrdinal, latest);
            boolean fits = size <= budget.events() - budget.events() / 4 && bytes <= budget.bytes() - budget.bytes() / 4;
            if (fits || stride > tailOrdinal) {
                break;
            }
            stride *= 2;
        }
        if (events.length > 64 && size < events.length / 4) {
            events = Arrays.copyOf(events, events.length / 2);
            ordinals = Arrays.copyOf(ordinals, ordinals.length / 2);
        }
        return before - size;
    }

    /** The first ordinal of the tail: the latest whole steps within {@code maxEvents} and {@code maxBytes}. */
    private long tailOrdinal(int maxEvents, long maxBytes) {
        int from = size;
        long tailBytes = 0;
        while (from > 0 && size - from < maxEvents && tailBytes + events[from - 1].weight() <= maxBytes) {
            from--;
            tailBytes += events[from].weight();
        }
        if (from == size) {
            return ordinal + 1; // not even the last event fits: no tail (the latest points are still kept)
        }
        long o = ordinals[from];
        return from > 0 && ordinals[from - 1] == o ? o + 1 : o; // a step straddling the boundary is left out whole
    }

    /** Keeps, in order, the events the current stride keeps; clears the freed slots. */
    private void retain(long tailOrdinal, Set<Long> latest) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            StoredEvent e = events[i];
            long o = ordinals[i];
            if (!e.kind().equals("metric") || o >= tailOrdinal || o % stride == 0 || latest.contains(e.seq())) {
                events[kept] = e;
                ordinals[kept] = o;
                kept++;
            } else {
                bytes -= e.weight();
            }
        }
        Arrays.fill(events, kept, size, null);
        size = kept;
    }
}
