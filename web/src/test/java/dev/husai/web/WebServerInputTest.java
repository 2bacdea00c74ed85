package dev.husai.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.protocol.ControlMessage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad input on the actions (400 / 404, nothing sent), no class names in any error, and the live-connection cap. */
@ExtendWith(VertxExtension.class)
class WebServerInputTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<ControlMessage> sent = new CopyOnWriteArrayList<>();
    private final AtomicBoolean sinkFails = new AtomicBoolean();
    private MetricStore store;
    private String base;

    @BeforeEach
    void start(Vertx vertx) {
        store = new MetricStore();
        store.onMetric(new JsonObject().put("type", "seed").put("group", "g1").put("step", 100).put("seed", 3));
        WebServer server = new WebServer(WebServerOptions.defaults().withPort(0).withToken(TOKEN).withMaxLiveConnections(2),
                store, m -> {
                    if (sinkFails.get()) {
                        throw new IllegalStateException("broker down at java.lang.Thread.run");
                    }
                    sent.add(m);
                });
        vertx.deployVerticle(server).await();
        base = "http://127.0.0.1:" + server.actualPort();
    }

    @AfterEach
    void stop(Vertx vertx) {
        vertx.close().await();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header(Guard.TOKEN_HEADER, TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The error text of a JSON error reply, checked to carry no Java class or stack. */
    private static String error(HttpResponse<String> r) {
        assertFalse(r.body().matches("(?s).*(java\\.|Exception|\\bat [a-z]+\\.).*"), "a class name in " + r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        return new JsonObject(r.body()).getString("error");
    }

    @Test
    void aMalformedBodyIsA400WithExpectedAndFound() throws Exception {
        HttpResponse<String> r = post("/api/groups/g1/seeds/3/stop", "{\"reason\": oops");
        assertEquals(400, r.statusCode());
        assertEquals("expected a JSON object body {\"reason\": text, \"step\": integer}, found {\"reason\": oops", error(r));
        HttpResponse<String> array = post("/api/groups/g1/seeds/3/stop", "[1, 2]");
        assertEquals(400, array.statusCode());
        assertTrue(error(array).endsWith("found [1, 2]"), array.body());
        HttpResponse<String> step = post("/api/groups/g1/seeds/3/stop", "{\"step\": \"abc\"}");
        assertEquals(400, step.statusCode());
        assertEquals("expected an integer step in the body, found \"abc\"", error(step));
        HttpResponse<String> reason = post("/api/groups/g1/seeds/3/stop", "{\"reason\": 7}");
        assertEquals("expected a text reason in the body, found 7", error(reason));
        HttpResponse<String> seed = post("/api/groups/g1/seeds/x/stop", "");
        assertEquals(400, seed.statusCode());
        assertEquals("expected an integer seed, found x", error(seed));
        HttpResponse<String> replay = post("/api/replays", "{nope");
        assertEquals(400, replay.statusCode());
        assertTrue(error(replay).startsWith("expected a JSON object body"), replay.body());
        assertTrue(sent.isEmpty(), "nothing sent for bad input, found " + sent);
    }

    @Test
    void stoppingAnUnknownGroupOrSeedIsA404AndSendsNothing() throws Exception {
        HttpResponse<String> group = post("/api/groups/ghost/seeds/3/stop", "{}");
        assertEquals(404, group.statusCode());
        assertEquals("expected a known group id, found ghost", error(group));
        HttpResponse<String> seed = post("/api/groups/g1/seeds/9/stop", "{}");
        assertEquals(404, seed.statusCode());
        assertEquals("expected a seed of group g1 among [3], found 9", error(seed));
        assertTrue(sent.isEmpty(), "nothing sent to husai.control, found " + sent);
        JsonArray groups = new JsonArray(http.send(HttpRequest.newBuilder(URI.create(base + "/api/groups")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(List.of("g1"), groups.stream().map(g -> ((JsonObject) g).getString("id")).toList(), "no phantom group");
        assertEquals(new JsonArray(), groups.getJsonObject(0).getJsonArray("stopped"));
        HttpResponse<String> ok = post("/api/groups/g1/seeds/3/stop", "");
        assertEquals(202, ok.statusCode(), ok.body());
        assertEquals(List.of(new ControlMessage("stop", "g1", 3, "stopped from the web UI", -1)), sent);
    }

    @Test
    void aFailureInsideIsA500WithAGenericTextAndNoClassName() throws Exception {
        sinkFails.set(true);
        HttpResponse<String> r = post("/api/groups/g1/seeds/3/stop", "{}");
        assertEquals(500, r.statusCode());
        assertEquals(Failures.INTERNAL, error(r));
        assertEquals(0, store.alerts().size(), "a stop that was not sent is not recorded");
    }

    @Test
    void liveConnectionsAboveTheCapAre503WithRetryAfterAndASlotFreesOnClose() throws Exception {
        try (SseClient events = new SseClient(base + "/api/live", null, null);
             SseClient groups = new SseClient(base + "/api/live?view=groups", null, null)) {
            assertEquals(200, events.status);
            assertEquals(200, groups.status);
            HttpResponse<String> full = http.send(HttpRequest.newBuilder(URI.create(base + "/api/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, full.statusCode());
            assertEquals("5", full.headers().firstValue("Retry-After").orElse(""));
            assertEquals("expected at most 2 live connections, found 2 open; retry later", error(full));
            assertEquals(400, http.send(HttpRequest.newBuilder(URI.create(base + "/api/live?since=x")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "bad input stays a 400 when full");
        }
        long deadline = System.currentTimeMillis() + 5000;
        int status = 0;
        while (status != 200 && System.currentTimeMillis() < deadline) {
            try (SseClient again = new SseClient(base + "/api/live", null, null)) {
                status = again.status;
            }
            Thread.sleep(status == 200 ? 0 : 50);
        }
        assertEquals(200, status, "closing a stream frees its slot");
    }
}
