package dev.husai.web;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The Server-Sent Events plumbing both live channels ({@link LiveChannel}, {@link SummaryChannel}) share: opening a
 * stream, the resume point of a {@code Last-Event-ID} of this run, and the keep-alive ping that ends with the
 * connection. Event ids are {@code <epoch>-<seq>} (see {@link MetricStore#epoch()}).
 */
final class Sse {
    /** A comment line every this many ms keeps proxies and browsers from closing an idle stream. */
    static final long PING_MS = 15_000;

    private Sse() {
    }

    /** Starts an event stream: headers, and a reconnect delay of 1 s for EventSource. */
    static HttpServerResponse open(RoutingContext ctx) {
        HttpServerResponse res = ctx.response().setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache").putHeader("X-Accel-Buffering", "no");
        res.write("retry: 1000\n\n");
        return res;
    }

    /** The seq of the request's {@code Last-Event-ID} of this run, -1 when absent or from another run. */
    static long resumeSeq(MetricStore store, RoutingContext ctx) {
        return resumeSeq(store, ctx.request().getHeader("Last-Event-ID"));
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

    /** Pings {@code res} every {@link #PING_MS} on {@code context}'s Vert.x until it closes, then runs {@code onClose}. */
    static void keepAlive(Context context, HttpServerResponse res, Runnable onClose) {
        long ping = context.owner().setPeriodic(PING_MS, t -> res.write(": ping\n\n"));
        res.closeHandler(v -> {
            context.owner().cancelTimer(ping);
            onClose.run();
        });
    }
}
