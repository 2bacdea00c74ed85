package dev.husai.web;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * {@code GET /api/live}: Server-Sent Events. Each connection ({@link LiveStream}) first catches up from the store in
 * bounded chunks (backfill: the events after its resume point), then receives every new event, gap-free (see
 * LiveStream). Event ids are {@code <epoch>-<seq>}; a reconnect with a {@code Last-Event-ID} of this run resumes
 * exactly after it, one from another run (server restarted) falls back to {@code since} (clients de-duplicate on the
 * point identity).
 *
 * <p>Fan-out: the channel subscribes to the store ONCE. New events queue up and one task on the server's context takes
 * all that are queued (a step's burst of points, typically), concatenates their stored frames once per group into a
 * {@link Batch}, and writes that one buffer to each of the group's streams (and the all-groups batch to the all-groups
 * streams): one write per connection per batch, no encoding per connection. Streams are touched on that context only.
 */
final class LiveChannel {
    private final Context context;
    private final MetricStore store;
    private final Map<String, List<LiveStream>> byGroup = new HashMap<>();
    private final List<LiveStream> allGroups = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<StoredEvent> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final Consumer<StoredEvent> subscription;

    LiveChannel(Context context, MetricStore store) {
        this.context = context;
        this.store = store;
        this.subscription = e -> {
            pending.add(e); // called under the store's lock: the queue is in log order
            if (flushScheduled.compareAndSet(false, true)) {
                context.runOnContext(v -> flush());
            }
        };
        store.subscribe(subscription);
    }

    /**
     * Events of one flush for some streams, in log order, with their frames concatenated once (lazily).
     */
    static final class Batch {
        final List<StoredEvent> events;
        final long firstSeq;
        final long lastSeq;
        final long minStep;
        private final String epoch;
        private Buffer frames;

        Batch(List<StoredEvent> events, String epoch) {
            this.events = events;
            this.epoch = epoch;
            this.firstSeq = events.get(0).seq();
            this.lastSeq = events.get(events.size() - 1).seq();
            this.minStep = events.stream().mapToLong(StoredEvent::step).min().orElse(Long.MIN_VALUE);
        }

        Buffer frames() {
            if (frames == null) {
                frames = Buffer.buffer(events.stream().mapToInt(e -> e.data().length + 64).sum());
                events.forEach(e -> e.appendFrame(frames, epoch));
            }
            return frames;
        }
    }

    /** Opens a stream; {@code release} runs when it closes (the connection slot). */
    void handle(RoutingContext ctx, Runnable release) {
        String group = ctx.queryParams().get("group");
        long since = Requests.longParam(ctx, "since", -1L);
        long afterSeq = Sse.resumeSeq(store, ctx);
        HttpServerResponse res = Sse.open(ctx);
        LiveStream s = new LiveStream(context, store, res, group, afterSeq >= 0 ? Long.MIN_VALUE : since, Math.max(afterSeq, 0));
        List<LiveStream> list = group == null ? allGroups : byGroup.computeIfAbsent(group, g -> new CopyOnWriteArrayList<>());
        list.add(s); // registered before the catch-up reads the log: nothing appended later can be missed
        Sse.keepAlive(context, res, () -> {
            list.remove(s);
            if (list.isEmpty() && group != null) {
                byGroup.remove(group);
            }
            release.run();
        });
        s.catchUp();
    }

    private void flush() {
        flushScheduled.set(false);
        List<StoredEvent> batch = new ArrayList<>();
        for (StoredEvent e = pending.poll(); e != null; e = pending.poll()) {
            batch.add(e);
        }
        if (batch.isEmpty() || (byGroup.isEmpty() && allGroups.isEmpty())) {
            return;
        }
        Map<String, List<StoredEvent>> perGroup = new LinkedHashMap<>();
        for (StoredEvent e : batch) {
            if (byGroup.containsKey(e.group())) {
                perGroup.computeIfAbsent(e.group(), g -> new ArrayList<>()).add(e);
            }
        }
        perGroup.forEach((g, events) -> {
            Batch b = new Batch(events, store.epoch());
            byGroup.get(g).forEach(s -> s.offer(b));
        });
        if (!allGroups.isEmpty()) {
            Batch all = new Batch(batch, store.epoch());
            allGroups.forEach(s -> s.offer(all));
        }
    }

    /** Stops receiving the store's events (the server stops). */
    void close() {
        store.unsubscribe(subscription);
    }
}
