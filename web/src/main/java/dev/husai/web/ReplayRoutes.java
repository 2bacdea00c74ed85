package dev.husai.web;

import dev.husai.web.replay.ReplayService;
import dev.husai.web.replay.ReplaySession;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The replay REST routes (see {@code docs/web.md}): {@code GET /api/recordings}, {@code GET /api/replays},
 * {@code POST /api/replays} (start) and {@code POST /api/replays/:id} (pause, play, speed, seek). The POSTs go through
 * the same origin and token checks as stop. Unknown recording or replay: 404; bad input (a malformed body too): 400.
 */
final class ReplayRoutes {
    private ReplayRoutes() {
    }

    static void mount(Router r, ReplayService replays, Function<Handler<RoutingContext>, Handler<RoutingContext>> action) {
        r.get("/api/recordings").handler(ctx -> guarded(ctx, () -> WebServer.json(ctx, replays.recordings())));
        r.get("/api/replays").handler(ctx -> WebServer.json(ctx, replays.sessions()));
        r.post("/api/replays").handler(BodyHandler.create().setBodyLimit(WebServer.BODY_LIMIT)).handler(action.apply(ctx -> guarded(ctx, () -> {
            JsonObject body = body(ctx);
            replays.start(body.getString("recording", ""), ReplaySession.parseSpeed(body.getValue("speed", 1)))
                    .onSuccess(s -> {
                        ctx.response().setStatusCode(201);
                        WebServer.json(ctx, s);
                    }).onFailure(e -> ctx.fail(e instanceof IllegalArgumentException ? 400 : 500, e));
        })));
        r.post("/api/replays/:id").handler(BodyHandler.create().setBodyLimit(WebServer.BODY_LIMIT)).handler(action.apply(ctx -> guarded(ctx,
                () -> WebServer.json(ctx, replays.control(ctx.pathParam("id"), body(ctx))))));
    }

    private static JsonObject body(RoutingContext ctx) {
        return Requests.jsonObject(ctx, "{\"recording\" | \"action\", ...}");
    }

    /** Runs {@code r}, mapping NoSuchElementException to 404 and IllegalArgumentException to 400. */
    private static void guarded(RoutingContext ctx, Runnable r) {
        try {
            r.run();
        } catch (NoSuchElementException e) {
            ctx.fail(404, e);
        } catch (IllegalArgumentException e) {
            ctx.fail(400, e);
        }
    }
}
