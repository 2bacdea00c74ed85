package dev.husai.web;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@code GET /api/live}: Server-Sent Events. Backfill first (events after the resume point), then every new event,
 * gap-free: the backfill and the subscription are taken atomically under the store's lock and the live handler
 * skips what the backfill already sent. Event ids are {@code <epoch>-<seq>}; a reconnect with a
 * {@code Last-Event-ID} of this run resumes exactly after it, one from another run (server restarted) falls back
 * to {@code since} (clients de-duplicate on the point identity).
 */
final class LiveChannel {
    private static final long PING_MS = 15_000;
    private final Vertx vertx;
    private final MetricStore store;

    LiveChannel(Vertx vertx, MetricStore store) {
        this.vertx = vertx;
        this.store = store;
    }

    void handle(RoutingContext ctx) {
        String group = ctx.queryParams().get("group");
        long since = WebServer.longParam(ctx, "since", -1L);
        long afterSeq = resumeSeq(store, ctx.request().getHeader("Last-Event-ID"));
        Predicate<StoredEvent> filter = e -> (group == null || e.group().equals(group)) && (afterSeq >= 0 || e.step() > since);
        HttpServerResponse res = open(ctx);
        Context context = vertx.getOrCreateContext();
        long[] lastSent = {Math.max(afterSeq, 0)};
        Consumer<StoredEvent> live = e -> context.runOnContext(v -> {
            if (e.seq() > lastSent[0] && filter.test(e) && !res.closed()) {
                write(res, e);
                lastSent[0] = e.seq();
            }
        });
        List<StoredEvent> backfill = store.subscribeAfter(lastSent[0], filter, live);
        for (StoredEvent e : backfill) {
            write(res, e);
            lastSent[0] = e.seq();
        }
        res.write(": backfill done\n\n");
        long ping = vertx.setPeriodic(PING_MS, t -> res.write(": ping\n\n"));
        res.closeHandler(v -> {
            store.unsubscribe(live);
            vertx.cancelTimer(ping);
        });
    }

    /** Starts an event stream: headers, and a reconnect delay of 1 s for EventSource. */
    static HttpServerResponse open(RoutingContext ctx) {
        HttpServerResponse res = ctx.response().setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache").putHeader("X-Accel-Buffering", "no");
        res.write("retry: 1000\n\n");
        return res;
    }

    private void write(HttpServerResponse res, StoredEvent e) {
        res.write("id: " + store.epoch() + "-" + e.seq() + "\nevent: " + e.kind() + "\ndata: " + e.json().encode() + "\n\n");
    }

    /** The seq of a Last-Event-ID of this run, -1 when absent or from another run. */
    static long resumeSeq(MetricStore store, String lastEventId) {
        if (lastEventId == null || !lastEventId.startsWith(store.epoch() + "-")) {
            return -1;
        }
        try {
            return Long.parseLong(lastEventId.substring(store.epoch().length() + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
