package dev.husai.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class WebServerTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<ControlMessage> sent = new CopyOnWriteArrayList<>();
    private MetricStore store;
    private String base;

    @BeforeEach
    void start(Vertx vertx) {
        store = new MetricStore();
        WebServer server = new WebServer(WebServerOptions.defaults().withPort(0).withToken(TOKEN), store, sent::add);
        vertx.deployVerticle(server).await();
        base = "http://127.0.0.1:" + server.actualPort();
    }

    @AfterEach
    void stop(Vertx vertx) {
        vertx.close().await();
    }

    private static JsonObject point(String type, String group, long step) {
        return new JsonObject().put("type", type).put("group", group).put("step", step).put("arch", "topk");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> stop(String group, String seed, String token, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/groups/" + group + "/seeds/" + seed + "/stop"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"test\",\"step\":300}"));
        if (token != null) {
            b.header(Guard.TOKEN_HEADER, token);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void groupsSummariseTheLatestGroupPointAndKeepAnXssNameAsData() throws Exception {
        store.onMetric(point("group", "g1", 100).put("pw_mcc_dec_mean", 0.5).put("baseline_pw_mcc_dec", 0.3));
        store.onMetric(point("group", "g1", 200).put("pw_mcc_dec_mean", 0.7).put("baseline_pw_mcc_dec", 0.3)
                .put("pairs", 1).put("hook", "resid_post").put("d_in", 128).put("d_sae", 1024).put("expansion", 8).put("k", 32));
        store.onMetric(point("seed", "g1", 200).put("seed", 0));
        store.onMetric(point("seed", "g1", 200).put("seed", 1));
        store.onMetric(point("group", SyntheticFeed.XSS, 100));
        store.onAlert(new JsonObject().put("kind", "loss_spike").put("group", "g1").put("seed", 1).put("step", 200));
        HttpResponse<String> r = get("/api/groups");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        JsonArray groups = new JsonArray(r.body());
        JsonObject g1 = groups.getJsonObject(0);
        assertEquals("g1", g1.getString("id"));
        assertEquals(200L, g1.getLong("step"));
        assertEquals(0.7, g1.getDouble("pw_mcc_dec"), 1e-12);
        assertEquals(0.3, g1.getDouble("baseline_pw_mcc_dec"), 1e-12);
        assertEquals(2, g1.getInteger("seeds"));
        assertEquals(1, g1.getInteger("alerts"));
        assertNull(g1.getValue("width"), "width and sparsity are sent once, in config");
        assertEquals(1, g1.getInteger("pairs"));
        assertEquals(new JsonObject().put("arch", "topk").put("hook", "resid_post").put("d_in", 128).put("d_sae", 1024)
                .put("expansion", 8).put("k", 32), g1.getJsonObject("config"));
        assertNull(groups.getJsonObject(1).getJsonObject("config").getValue("d_sae"), "no config stated, no width invented");
        assertEquals(SyntheticFeed.XSS, groups.getJsonObject(1).getString("id"));
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
    }

    @Test
    void historyReturnsOnlyStepsAfterSinceAndRejectsBadInput() throws Exception {
        for (long s = 100; s <= 400; s += 100) {
            store.onMetric(point("group", "g1", s));
        }
        JsonObject h = new JsonObject(get("/api/groups/g1/history?since=200").body());
        assertEquals(List.of(300L, 400L), h.getJsonArray("points").stream().map(p -> ((JsonObject) p).getLong("step")).toList());
        HttpResponse<String> unknown = get("/api/groups/nope/history");
        assertEquals(404, unknown.statusCode());
        assertEquals("expected a known group id, found nope", new JsonObject(unknown.body()).getString("error"));
        HttpResponse<String> bad = get("/api/groups/g1/history?since=abc");
        assertEquals(400, bad.statusCode());
        assertEquals("expected an integer since, found abc", new JsonObject(bad.body()).getString("error"));
    }

    @Test
    void stopRequiresTheTokenAndAnAllowedOrigin() throws Exception {
        store.onMetric(point("seed", "g1", 300).put("seed", 3));
        assertEquals(403, stop("g1", "3", null, null).statusCode());
        HttpResponse<String> wrong = stop("g1", "3", "ffffffffffffffffffffffffffffffff", null);
        assertEquals(403, wrong.statusCode());
        assertTrue(new JsonObject(wrong.body()).getString("error").startsWith("expected the action token"));
        assertEquals(403, stop("g1", "3", TOKEN, "http://evil.example").statusCode());
        assertEquals(400, stop("g1", "x", TOKEN, null).statusCode());
        assertTrue(sent.isEmpty(), "no control message without a valid request, found " + sent);
        HttpResponse<String> ok = stop("g1", "3", TOKEN, base);
        assertEquals(202, ok.statusCode(), ok.body());
        assertEquals(List.of(new ControlMessage("stop", "g1", 3, "test", 300)), sent);
        JsonArray alerts = new JsonArray(get("/api/alerts").body());
        assertEquals("control", alerts.getJsonObject(0).getString("event"));
        assertEquals(new JsonArray().add(3L), new JsonArray(get("/api/groups").body()).getJsonObject(0).getJsonArray("stopped"));
    }

    @Test
    void liveSendsBackfillThenLiveAndResumesAfterLastEventId() throws Exception {
        store.onMetric(point("group", "g1", 100));
        store.onMetric(point("group", "other", 100));
        store.onMetric(point("group", "g1", 200));
        String lastId;
        try (SseClient sse = new SseClient(base + "/api/live?group=g1", null, null)) {
            assertEquals(200, sse.status);
            assertEquals(100L, new JsonObject(sse.next(5000).data()).getLong("step"));
            SseClient.Event second = sse.next(5000);
            assertEquals(200L, new JsonObject(second.data()).getLong("step"));
            store.onMetric(point("group", "g1", 300));
            store.onAlert(new JsonObject().put("kind", "heartbeat").put("group", "g1").put("seed", 2).put("step", 300));
            SseClient.Event live = sse.next(5000);
            assertEquals("metric", live.event());
            assertEquals(300L, new JsonObject(live.data()).getLong("step"));
            assertEquals("alert", sse.next(5000).event());
            lastId = live.id();
        }
        store.onMetric(point("group", "g1", 400));
        try (SseClient resumed = new SseClient(base + "/api/live?group=g1", lastId, base)) {
            assertEquals("alert", resumed.next(5000).event(), "resume starts right after " + lastId);
            assertEquals(400L, new JsonObject(resumed.next(5000).data()).getLong("step"));
            assertNull(resumed.next(300), "nothing else: no gap and no duplicate");
        }
    }

    @Test
    void liveWithSinceOrForeignLastEventIdBackfillsFromTheStep() throws Exception {
        for (long s = 100; s <= 300; s += 100) {
            store.onMetric(point("group", "g1", s));
        }
        try (SseClient sse = new SseClient(base + "/api/live?since=200", "otherrun-99", null)) {
            SseClient.Event e = sse.next(5000);
            assertNotNull(e);
            assertEquals(300L, new JsonObject(e.data()).getLong("step"));
            assertEquals(store.epoch() + "-3", e.id());
        }
    }

    @Test
    void groupsViewSendsSummariesThenChangedGroupsAndResumesWithOnlyWhatChanged() throws Exception {
        store.onMetric(point("group", "g1", 100));
        store.onMetric(point("group", "g2", 100));
        store.onMetric(point("group", "g1", 200));
        String lastId;
        try (SseClient sse = new SseClient(base + "/api/live?view=groups", null, base)) {
            SseClient.Event first = sse.next(5000);
            assertEquals("summary", first.event());
            assertEquals(store.epoch() + "-3", first.id());
            assertEquals(List.of("g1", 200L), idStep(first));
            assertEquals(List.of("g2", 100L), idStep(sse.next(5000)));
            store.onMetric(point("group", "g2", 200));
            SseClient.Event live = sse.next(5000);
            assertEquals(List.of("g2", 200L), idStep(live));
            assertEquals(store.epoch() + "-4", live.id());
            assertNull(sse.next(300), "g1 did not change: not sent again");
            lastId = live.id();
        }
        store.onMetric(point("group", "g1", 300));
        try (SseClient resumed = new SseClient(base + "/api/live?view=groups", lastId, base)) {
            assertEquals(List.of("g1", 300L), idStep(resumed.next(5000)));
            assertNull(resumed.next(300), "only the group changed after " + lastId);
        }
        try (SseClient foreign = new SseClient(base + "/api/live?view=groups", "otherrun-4", base)) {
            assertEquals(List.of("g1", 300L), idStep(foreign.next(5000)));
            assertEquals(List.of("g2", 200L), idStep(foreign.next(5000)), "an id of another run gets every group");
        }
    }

    @Test
    void groupsViewCoalescesABurstIntoFewSummariesEndingInTheLatestState() throws Exception {
        try (SseClient sse = new SseClient(base + "/api/live?view=groups", null, base)) {
            Thread.sleep(200);
            for (long s = 1; s <= 500; s++) {
                store.onMetric(point("group", "g1", s));
            }
            List<Object> last = null;
            int events = 0;
            for (SseClient.Event e = sse.next(2000); e != null; e = sse.next(500)) {
                last = idStep(e);
                events++;
            }
            assertEquals(List.of("g1", 500L), last);
            assertTrue(events < 50, "expected a burst of 500 points coalesced into < 50 summaries, found " + events);
        }
        HttpResponse<String> bad = get("/api/live?view=nope");
        assertEquals(400, bad.statusCode());
        assertEquals("expected view events or groups, found nope", new JsonObject(bad.body()).getString("error"));
    }

    private static List<Object> idStep(SseClient.Event e) {
        JsonObject g = new JsonObject(e.data());
        return List.of(g.getString("id"), g.getLong("step"));
    }

    @Test
    void liveRejectsAForeignOrigin() throws Exception {
        try (SseClient sse = new SseClient(base + "/api/live", null, "http://evil.example")) {
            assertEquals(403, sse.status);
        }
    }

    @Test
    void optionsValidateAndParseJson() {
        WebServerOptions o = WebServerOptions.fromJson(new JsonObject().put("port", 9000));
        assertEquals("127.0.0.1", o.host());
        assertEquals(9000, o.port());
        assertEquals(32, o.token().length());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> o.withPort(70000));
        assertEquals("expected a port in 0..65535, found 70000", e.getMessage());
    }
}
