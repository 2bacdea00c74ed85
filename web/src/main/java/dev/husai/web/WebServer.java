package dev.husai.web;

import dev.husai.stream.analysis.AnalyzerOptions;
import dev.husai.stream.analysis.ControlMessage;
import dev.husai.web.replay.ReplayService;
import io.vertx.core.Handler;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The HUSAI web server: static UI from {@code webroot} on the classpath, the REST API and the SSE live channel
 * (see {@code docs/web.md}). Reads only the {@link MetricStore}; sends stop commands to the injected sink, which
 * may block (it runs on a worker).
 */
public final class WebServer extends AbstractVerticle {
    private final WebServerOptions options;
    private final MetricStore store;
    private final Consumer<ControlMessage> control;
    private final SweepResults sweep;
    private HttpServer server;
    private Guard guard;
    private ReplayService replays;

    public WebServer(WebServerOptions options, MetricStore store, Consumer<ControlMessage> control) {
        this(options, store, control, SweepResults.none());
    }

    /** Same, also serving a sweep's results at {@code /api/sweep} (the sweep page). */
    public WebServer(WebServerOptions options, MetricStore store, Consumer<ControlMessage> control, SweepResults sweep) {
        this.options = Objects.requireNonNull(options, "options");
        this.store = Objects.requireNonNull(store, "store");
        this.control = Objects.requireNonNull(control, "control");
        this.sweep = Objects.requireNonNull(sweep, "sweep");
    }

    /** The bound port (useful with port 0); -1 before start. */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    /** The URL to open, with the action token in the fragment (never sent to the server by the browser). */
    public String url() {
        String h = options.host().equals("0.0.0.0") ? "127.0.0.1" : options.host();
        return "http://" + h + ":" + actualPort() + "/#token=" + options.token();
    }

    @Override
    public void start(Promise<Void> startPromise) {
        replays = new ReplayService(vertx, options.recordingsDir() == null ? null : Path.of(options.recordingsDir()), store,
                AnalyzerOptions.defaults());
        vertx.createHttpServer().requestHandler(router()).listen(options.port(), options.host())
                .onSuccess(s -> {
                    server = s;
                    guard = new Guard(options, s.actualPort());
                    System.out.println("husai web: open " + url() + "  (action token " + options.token() + ")");
                })
                .<Void>mapEmpty().onComplete(startPromise);
    }

    @Override
    public void stop() {
        if (replays != null) {
            replays.close();
        }
    }

    private Router router() {
        Router r = Router.router(vertx);
        r.route().handler(ctx -> {
            ctx.response().putHeader("Content-Security-Policy", "default-src 'self'; script-src 'self'; "
                    + "style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'")
                    .putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "no-referrer");
            ctx.next();
        });
        r.get("/api/groups").handler(ctx -> json(ctx, store.groups()));
        r.get("/api/groups/:id/history").handler(this::history);
        r.get("/api/alerts").handler(ctx -> json(ctx, store.alerts()));
        r.get("/api/sweep").handler(ctx -> vertx.executeBlocking(sweep::read, false)
                .onSuccess(j -> json(ctx, j)).onFailure(ctx::fail));
        LiveChannel live = new LiveChannel(vertx, store);
        SummaryChannel summaries = new SummaryChannel(vertx, store);
        r.get("/api/live").handler(ctx -> originChecked(ctx, c -> live(c, live, summaries)));
        r.post("/api/groups/:id/seeds/:seed/stop").handler(BodyHandler.create().setBodyLimit(4096))
                .handler(ctx -> originChecked(ctx, this::stop));
        ReplayRoutes.mount(r, replays, this::action);
        r.route("/api/*").handler(ctx -> ctx.fail(404, new IllegalArgumentException("expected one of /api/groups, "
                + "/api/groups/:id/history, /api/alerts, /api/live, /api/recordings, /api/replays, /api/sweep, found " + ctx.request().path())));
        r.route().handler(StaticHandler.create("webroot").setCachingEnabled(false));
        r.route().failureHandler(WebServer::failure);
        return r;
    }

    /** {@code /api/live}: raw events (default), or group summaries with {@code view=groups}. */
    private static void live(RoutingContext ctx, LiveChannel events, SummaryChannel summaries) {
        String view = ctx.queryParams().get("view");
        if (view == null || view.equals("events")) {
            events.handle(ctx);
        } else if (view.equals("groups")) {
            summaries.handle(ctx);
        } else {
            ctx.fail(400, new IllegalArgumentException("expected view events or groups, found " + view));
        }
    }

    private void history(RoutingContext ctx) {
        String group = ctx.pathParam("id");
        if (!store.hasGroup(group)) {
            ctx.fail(404, new IllegalArgumentException("expected a known group id, found " + group));
            return;
        }
        long since = longParam(ctx, "since", -1L);
        JsonArray points = new JsonArray();
        JsonArray alerts = new JsonArray();
        for (StoredEvent e : store.history(group, since)) {
            (e.kind().equals("metric") ? points : alerts).add(e.kind().equals("metric") ? e.json() : e.json().copy().put("event", e.kind()));
        }
        json(ctx, new JsonObject().put("group", group).put("since", since).put("last_id", store.epoch() + "-" + store.lastSeq())
                .put("points", points).put("alerts", alerts));
    }

    private void stop(RoutingContext ctx) {
        String denied = guard.checkToken(ctx);
        if (denied != null) {
            ctx.fail(403, new IllegalArgumentException(denied));
            return;
        }
        String group = ctx.pathParam("id");
        long seed = longPath(ctx, "seed");
        JsonObject body = ctx.body().available() && ctx.body().length() > 0 ? ctx.body().asJsonObject() : new JsonObject();
        long step = body.getLong("step", -1L);
        ControlMessage msg = new ControlMessage("stop", group, seed, body.getString("reason", "stopped from the web UI"), step);
        vertx.executeBlocking(() -> {
            control.accept(msg);
            return msg;
        }, true).onSuccess(m -> {
            store.onControl(m.toJson());
            ctx.response().setStatusCode(202);
            json(ctx, m.toJson());
        }).onFailure(ctx::fail);
    }

    /** A state-changing request: allowed origin and the action token, then {@code next}. */
    private Handler<RoutingContext> action(Handler<RoutingContext> next) {
        return ctx -> originChecked(ctx, c -> {
            String denied = guard.checkToken(c);
            if (denied != null) {
                c.fail(403, new IllegalArgumentException(denied));
            } else {
                next.handle(c);
            }
        });
    }

    private void originChecked(RoutingContext ctx, io.vertx.core.Handler<RoutingContext> next) {
        String denied = guard.checkOrigin(ctx);
        if (denied != null) {
            ctx.fail(403, new IllegalArgumentException(denied));
        } else {
            next.handle(ctx);
        }
    }

    /** The one failure handler: JSON {@code {status, error}}, the error saying expected vs found. */
    private static void failure(RoutingContext ctx) {
        int status = ctx.statusCode() > 0 ? ctx.statusCode()
                : ctx.failure() instanceof HttpException h ? h.getStatusCode() : 500;
        String msg = ctx.failure() == null ? "HTTP " + status
                : ctx.failure() instanceof HttpException h && h.getPayload() != null ? h.getPayload()
                : String.valueOf(ctx.failure().getMessage());
        if (status >= 500) {
            System.err.println("husai web: " + ctx.request().method() + " " + ctx.request().path() + ": " + ctx.failure());
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("status", status).put("error", msg).encode());
    }

    static void json(RoutingContext ctx, Object body) {
        ctx.response().putHeader("Content-Type", "application/json").end(
                body instanceof JsonArray a ? a.encode() : ((JsonObject) body).encode());
    }

    static long longParam(RoutingContext ctx, String name, long dflt) {
        String v = ctx.queryParams().get(name);
        try {
            return v == null || v.isEmpty() ? dflt : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new HttpException(400, "expected an integer " + name + ", found " + v);
        }
    }

    private static long longPath(RoutingContext ctx, String name) {
        String v = ctx.pathParam(name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new HttpException(400, "expected an integer " + name + ", found " + v);
        }
    }
}
