package dev.husai.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's one failure handler: JSON {@code {status, error}}. A 4xx (and the 503 of a full server) says what was
 * expected and what was found, taken from the failure only when it is one of the edge's own refusals
 * ({@link HttpException}, IllegalArgumentException, NoSuchElementException); anything else, and every 500, answers a
 * generic text and logs the detail through SLF4J: a reply never carries an exception's class name or stack.
 */
final class Failures {
    static final String INTERNAL = "internal error; the details are in the server log";
    static final String RETRY_AFTER_S = "5";
    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    static void handle(RoutingContext ctx) {
        Throwable f = ctx.failure();
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : f instanceof HttpException h ? h.getStatusCode() : 500;
        String msg = message(ctx, status, f);
        if (msg == null) {
            LOG.error("{} {} failed with {}", ctx.request().method(), ctx.request().path(), status, f);
            msg = status >= 500 ? INTERNAL : "HTTP " + status;
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        if (status == 503) {
            ctx.response().putHeader("Retry-After", RETRY_AFTER_S);
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("status", status).put("error", msg).encode());
    }

    /** The text to show, or null when the failure is not one to show (then it is logged). */
    private static String message(RoutingContext ctx, int status, Throwable f) {
        if (f == null) {
            return switch (status) {
                case 404 -> "expected an existing path, found " + Requests.preview(ctx.request().path());
                case 413 -> "expected a body of at most " + WebServer.BODY_LIMIT + " bytes, found more";
                case 500 -> null;
                default -> "HTTP " + status;
            };
        }
        if (f instanceof HttpException h) {
            return status == 500 || h.getPayload() == null ? null : h.getPayload();
        }
        boolean own = f instanceof IllegalArgumentException || f instanceof NoSuchElementException;
        return own && status < 500 ? String.valueOf(f.getMessage()) : null;
    }
}
