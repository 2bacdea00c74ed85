package dev.husai.web;

import dev.husai.core.protocol.ControlMessage;
import dev.husai.stream.analysis.AnalyzerOptions;
import dev.husai.web.replay.ReplayService;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HUSAI web server: static UI from {@code webroot} on the classpath, the REST API and the SSE live channel
 * (see {@code docs/web.md}). Reads only the {@link MetricStore}; sends stop commands to the injected sink, which
 * may block (it runs on a worker). At most {@code maxLiveConnections} live streams at once (then 503 with
 * {@code Retry-After}); a stop for a group or seed the store has not seen is a 404 and sends nothing.
 */
public final class WebServer extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    /** Largest request body accepted by the actions, in bytes. */
    static final int BODY_LIMIT = 4096;
    private static final String STOP_BODY = "{\"reason\": text, \"step\": integer}";
    private final WebServerOptions options;
    private final MetricStore store;
    private final Consumer<ControlMessage> control;
    private final SweepResults sweep;
    private HttpServer server;
    private Guard guard;
    private ReplayService replays;
    private LiveChannel live;
    private SummaryChannel summaries;

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
                    LOG.info("web UI listening on {}:{}", options.host(), s.actualPort());
                })
                .<Void>mapEmpty().onComplete(startPromise);
    }

    @Override
    public void stop() {
        if (replays != null) {
            replays.close();
        }
        if (live != null) {
            live.close();
            summaries.close();
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
        r.get("/api/groups/:id").handler(this::summary);
        r.get("/api/groups/:id/history").handler(this::history);
        r.get("/api/alerts").handler(ctx -> json(ctx, store.alerts()));
        r.get("/api/sweep").handler(ctx -> vertx.executeBlocking(sweep::read, false)
                .onSuccess(j -> json(ctx, j)).onFailure(ctx::fail));
        live = new LiveChannel(context, store);
        summaries = new SummaryChannel(context, store);
        ConnectionCap cap = new ConnectionCap(options.maxLiveConnections());
        r.get("/api/live").handler(ctx -> originChecked(ctx, c -> live(c, cap)));
        r.post("/api/groups/:id/seeds/:seed/stop").handler(BodyHandler.create().setBodyLimit(BODY_LIMIT))
                .handler(action(this::stop));
        ReplayRoutes.mount(r, replays, this::action);
        r.route("/api/*").handler(ctx -> ctx.fail(404, new IllegalArgumentException("expected one of /api/groups, "
                + "/api/groups/:id, /api/groups/:id/history, /api/alerts, /api/live, /api/recordings, /api/replays, /api/sweep, found "
                + Requests.preview(ctx.request().path()))));
        r.route().handler(StaticHandler.create("webroot").setCachingEnabled(false));
        r.route().failureHandler(Failures::handle);
        return r;
    }

    /** {@code /api/live}: raw events (default), or group summaries with {@code view=groups}; 503 above the cap. */
    private void live(RoutingContext ctx, ConnectionCap cap) {
        String view = ctx.queryParams().get("view");
        if (view != null && !view.equals("events") && !view.equals("groups")) {
            ctx.fail(400, new IllegalArgumentException("expected view events or groups, found " + Requests.preview(view)));
            return;
        }
        Requests.longParam(ctx, "since", -1L); // a bad since is a 400 before a slot is taken
        String full = cap.tryAcquire();
        if (full != null) {
            ctx.fail(new HttpException(503, full));
            return;
        }
        if ("groups".equals(view)) {
            summaries.handle(ctx, cap::release);
        } else {
            live.handle(ctx, cap::release);
        }
    }

    /** {@code /api/groups/:id}: one group's summary (an item of {@code /api/groups}, with its forecast); 404 if unknown. */
    private void summary(RoutingContext ctx) {
        List<JsonObject> one = store.summaries(List.of(ctx.pathParam("id")));
        if (one.isEmpty()) {
            ctx.fail(404, new IllegalArgumentException("expected a known group id, found "
                    + Requests.preview(ctx.pathParam("id"))));
            return;
        }
        json(ctx, one.get(0));
    }

    /** {@code /api/groups/:id/history}: read in chunks and encoded on a worker (a big group never blocks the loop). */
    private void history(RoutingContext ctx) {
        String group = ctx.pathParam("id");
        if (!store.hasGroup(group)) {
            ctx.fail(404, new IllegalArgumentException("expected a known group id, found " + Requests.preview(group)));
            return;
        }
        long since = Requests.longParam(ctx, "since", -1L);
        vertx.executeBlocking(() -> historyJson(group, since), false)
                .onSuccess(reply -> ctx.response().putHeader("Content-Type", "application/json").end(reply)).onFailure(ctx::fail);
    }

    /** The history reply, spliced from the stored JSON texts (nothing decoded but the few alerts and stops). */
    private Buffer historyJson(String group, long since) {
        long upTo = store.lastSeq();
        Buffer points = Buffer.buffer();
        JsonArray alerts = new JsonArray();
        for (StoredEvent e : store.history(group, since, upTo)) {
            if (e.kind().equals("metric")) {
                points.appendString(points.length() == 0 ? "" : ",").appendBytes(e.data());
            } else {
                alerts.add(e.json().put("event", e.kind()));
            }
        }
        String head = new JsonObject().put("group", group).put("since", since).put("last_id", store.epoch() + "-" + upTo)
                .encode();
        return Buffer.buffer(head.substring(0, head.length() - 1)).appendString(",\"points\":[").appendBuffer(points)
                .appendString("],\"alerts\":").appendString(alerts.encode()).appendString("}");
    }

    /**
     * {@code POST /api/groups/:id/seeds/:seed/stop} (token and origin already checked): 400 for a non-integer seed or a
     * malformed body, 404 for a group or seed the store has not seen (nothing is sent, no group is created), else the
     * control message goes to the sink on a worker and the answer is 202.
     */
    private void stop(RoutingContext ctx) {
        String group = ctx.pathParam("id");
        long seed = Requests.longPath(ctx, "seed");
        if (!store.hasGroup(group)) {
            ctx.fail(404, new IllegalArgumentException("expected a known group id, found " + Requests.preview(group)));
            return;
        }
        List<Long> seeds = store.seeds(group);
        if (!seeds.contains(seed)) {
            ctx.fail(404, new IllegalArgumentException("expected a seed of group " + Requests.preview(group) + " among "
                    + seeds + ", found " + seed));
            return;
        }
        JsonObject body = Requests.jsonObject(ctx, STOP_BODY);
        long step = Requests.longField(body, "step", -1L);
        String reason = Requests.stringField(body, "reason", "stopped from the web UI");
        ControlMessage msg = new ControlMessage("stop", group, seed, reason, step);
        vertx.executeBlocking(() -> {
            control.accept(msg);
            return msg;
        }, true).onSuccess(m -> {
            JsonObject j = new JsonObject(m.toMap());
            store.onControl(j);
            ctx.response().setStatusCode(202);
            json(ctx, j);
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

    private void originChecked(RoutingContext ctx, Handler<RoutingContext> next) {
        String denied = guard.checkOrigin(ctx);
        if (denied != null) {
            ctx.fail(403, new IllegalArgumentException(denied));
        } else {
            next.handle(ctx);
        }
    }

    static void json(RoutingContext ctx, Object body) {
        ctx.response().putHeader("Content-Type", "application/json").end(
                body instanceof JsonArray a ? a.encode() : ((JsonObject) body).encode());
    }
}
