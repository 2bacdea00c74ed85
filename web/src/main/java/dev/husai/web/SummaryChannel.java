package dev.husai.web;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * {@code GET /api/live?view=groups}: the overview's live channel. Sends group summaries (the items of
 * {@code /api/groups}) as {@code summary} events instead of raw points: first the summaries of every group changed
 * after the resume point, then, coalesced over {@value #COALESCE_MS} ms, the new summary of every group that
 * received an event. A summary is state, not a delta, so sending one twice is harmless and missing events are
 * impossible as long as every changed group is sent again: the id {@code <epoch>-<seq>} of a summary event is a
 * log position up to which EVERY change has been sent, and a reconnect with that {@code Last-Event-ID} gets the
 * groups changed after it (all groups for an id of another run). Thinning does not touch summaries (they are kept
 * apart from the events). Like {@link LiveChannel}, one store subscription and one task per event for all streams.
 */
final class SummaryChannel {
    static final long COALESCE_MS = 100;
    private final Context context;
    private final MetricStore store;
    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    private final Consumer<StoredEvent> subscription;

    SummaryChannel(Context context, MetricStore store) {
        this.context = context;
        this.store = store;
        this.subscription = e -> context.runOnContext(v -> streams.forEach(s -> s.changed(e)));
        store.subscribe(subscription);
    }

    /** Opens a stream; {@code release} runs when it closes. */
    void handle(RoutingContext ctx, Runnable release) {
        long afterSeq = Sse.resumeSeq(store, ctx);
        HttpServerResponse res = Sse.open(ctx);
        Stream stream = new Stream(res);
        streams.add(stream); // before reading the summaries: later events mark their group, earlier ones are skipped
        MetricStore.Summaries backfill = store.summariesAfter(afterSeq);
        stream.sentUpTo = backfill.lastSeq();
        write(res, backfill.lastSeq(), backfill.groups());
        res.write(": backfill done\n\n");
        Sse.keepAlive(context, res, () -> {
            streams.remove(stream);
            release.run();
        });
    }

    /** Stops receiving the store's events (the server stops). */
    void close() {
        store.unsubscribe(subscription);
    }

    private void write(HttpServerResponse res, long seq, List<JsonObject> summaries) {
        for (JsonObject g : summaries) {
            res.write("id: " + store.epoch() + "-" + seq + "\nevent: summary\ndata: " + g.encode() + "\n\n");
        }
    }

    /** One connection: marks changed groups (on the context, in log order) and flushes them once per period. */
    private final class Stream {
        private final HttpServerResponse res;
        private final Set<String> dirty = new LinkedHashSet<>();
        private long sentUpTo;
        private long seen;
        private boolean scheduled;

        Stream(HttpServerResponse res) {
            this.res = res;
        }

        void changed(StoredEvent e) {
            if (e.seq() <= sentUpTo || res.closed()) {
                return;
            }
            dirty.add(e.group());
            seen = Math.max(seen, e.seq());
            if (!scheduled) {
                scheduled = true;
                context.owner().setTimer(COALESCE_MS, t -> flush());
            }
        }

        private void flush() {
            scheduled = false;
            if (res.closed() || dirty.isEmpty()) {
                return;
            }
            // every event up to `seen` has marked its group: once these are written, the client is current up to seen
            write(res, seen, store.summaries(dirty));
            sentUpTo = seen;
            dirty.clear();
        }
    }
}
