package dev.husai.web;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code GET /api/live?view=groups}: the overview's live channel. Sends group summaries (the items of
 * {@code /api/groups}) as {@code summary} events instead of raw points: first the summaries of every group changed
 * after the resume point, then, coalesced over {@value #COALESCE_MS} ms, the new summary of every group that
 * received an event. A summary is state, not a delta, so sending one twice is harmless and missing events are
 * impossible as long as every changed group is sent again: the id {@code <epoch>-<seq>} of a summary event is a
 * log position up to which EVERY change has been sent, and a reconnect with that {@code Last-Event-ID} gets the
 * groups changed after it (all groups for an id of another run).
 */
final class SummaryChannel {
    static final long COALESCE_MS = 100;
    private static final long PING_MS = 15_000;
    private final Vertx vertx;
    private final MetricStore store;

    SummaryChannel(Vertx vertx, MetricStore store) {
        this.vertx = vertx;
        this.store = store;
    }

    void handle(RoutingContext ctx) {
        long afterSeq = LiveChannel.resumeSeq(store, ctx.request().getHeader("Last-Event-ID"));
        HttpServerResponse res = LiveChannel.open(ctx);
        Stream stream = new Stream(res, vertx.getOrCreateContext());
        MetricStore.Summaries backfill = store.subscribeSummaries(afterSeq, stream);
        stream.sentUpTo = backfill.lastSeq();
        write(res, backfill.lastSeq(), backfill.groups());
        res.write(": backfill done\n\n");
        long ping = vertx.setPeriodic(PING_MS, t -> res.write(": ping\n\n"));
        res.closeHandler(v -> {
            store.unsubscribe(stream);
            vertx.cancelTimer(ping);
        });
    }

    private void write(HttpServerResponse res, long seq, List<JsonObject> summaries) {
        for (JsonObject g : summaries) {
            res.write("id: " + store.epoch() + "-" + seq + "\nevent: summary\ndata: " + g.encode() + "\n\n");
        }
    }

    /** One connection: marks changed groups (on its context, in log order) and flushes them once per period. */
    private final class Stream implements Consumer<StoredEvent> {
        private final HttpServerResponse res;
        private final Context context;
        private final Set<String> dirty = new LinkedHashSet<>();
        private long sentUpTo;
        private long seen;
        private boolean scheduled;

        Stream(HttpServerResponse res, Context context) {
            this.res = res;
            this.context = context;
        }

        /** Called under the store's lock: only hands the event over to the connection's context. */
        @Override
        public void accept(StoredEvent e) {
            context.runOnContext(v -> changed(e));
        }

        private void changed(StoredEvent e) {
            if (e.seq() <= sentUpTo || res.closed()) {
                return;
            }
            dirty.add(e.group());
            seen = Math.max(seen, e.seq());
            if (!scheduled) {
                scheduled = true;
                vertx.setTimer(COALESCE_MS, t -> flush());
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
