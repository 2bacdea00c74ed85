package dev.husai.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.stream.replay.Recording;
import dev.husai.web.replay.RecordingFixture;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ReplayRoutesTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    private MetricStore store;
    private String base;

    @BeforeEach
    void start(Vertx vertx) {
        Recording.write(dir.resolve("run.husairec"), RecordingFixture.entries("g", 3, 5));
        store = new MetricStore();
        WebServer server = new WebServer(WebServerOptions.defaults().withPort(0).withToken(TOKEN)
                .withRecordingsDir(dir.toString()), store, m -> { });
        vertx.deployVerticle(server).await();
        base = "http://127.0.0.1:" + server.actualPort();
    }

    @AfterEach
    void stop(Vertx vertx) {
        vertx.close().await();
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header(Guard.TOKEN_HEADER, token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String error(HttpResponse<String> r) {
        return new JsonObject(r.body()).getString("error");
    }

    @Test
    void listsRecordingsAndReplaysOneIntoTheStoreUnderItsReplayGroup() throws Exception {
        JsonObject recordings = new JsonObject(get("/api/recordings"));
        assertEquals("run.husairec", recordings.getJsonArray("recordings").getJsonObject(0).getString("name"));
        assertEquals(Files.size(dir.resolve("run.husairec")), recordings.getJsonArray("recordings").getJsonObject(0).getLong("bytes"));
        assertEquals(403, post("/api/replays", "{\"recording\":\"run.husairec\"}", null).statusCode());
        HttpResponse<String> started = post("/api/replays", "{\"recording\":\"run.husairec\",\"speed\":\"max\"}", TOKEN);
        assertEquals(201, started.statusCode(), started.body());
        assertEquals("1", new JsonObject(started.body()).getString("id"));
        long deadline = System.currentTimeMillis() + 10_000;
        while (!store.hasGroup("g@replay-1") || !"done".equals(new JsonArray(get("/api/replays")).getJsonObject(0).getString("state"))) {
            assertTrue(System.currentTimeMillis() < deadline, "expected the replay to finish, found " + get("/api/replays"));
            Thread.sleep(50);
        }
        JsonObject g = new JsonArray(get("/api/groups")).getJsonObject(0);
        assertEquals(java.util.List.of("g@replay-1", 50L, 3), java.util.List.of(g.getString("id"), g.getLong("step"), g.getInteger("seeds")));
        HttpResponse<String> back = post("/api/replays/1", "{\"action\":\"seek\",\"step\":20}", TOKEN);
        assertEquals("replay-1.2", new JsonObject(back.body()).getString("run_id"));
        assertTrue(store.hasGroup("g@replay-1.2"));
    }

    @Test
    void rejectsUnknownRecordingsAndReplaysAndBadActionsSayingWhatWasExpected() throws Exception {
        HttpResponse<String> traversal = post("/api/replays", "{\"recording\":\"../etc/passwd\"}", TOKEN);
        assertEquals(404, traversal.statusCode());
        assertEquals("expected one of the recordings [run.husairec], found ../etc/passwd", error(traversal));
        HttpResponse<String> speed = post("/api/replays", "{\"recording\":\"run.husairec\",\"speed\":0}", TOKEN);
        assertEquals(400, speed.statusCode());
        assertEquals("expected a speed > 0 or max, found 0.0", error(speed));
        HttpResponse<String> unknown = post("/api/replays/9", "{\"action\":\"pause\"}", TOKEN);
        assertEquals(404, unknown.statusCode());
        assertEquals("expected a replay id among [], found 9", error(unknown));
        assertEquals(201, post("/api/replays", "{\"recording\":\"run.husairec\",\"speed\":1}", TOKEN).statusCode());
        HttpResponse<String> action = post("/api/replays/1", "{\"action\":\"rewind\"}", TOKEN);
        assertEquals(400, action.statusCode());
        assertEquals("expected action pause, play, speed or seek, found rewind", error(action));
        HttpResponse<String> step = post("/api/replays/1", "{\"action\":\"seek\",\"step\":\"x\"}", TOKEN);
        assertEquals("expected an integer step, found x", error(step));
        HttpResponse<String> paused = post("/api/replays/1", "{\"action\":\"pause\"}", TOKEN);
        assertTrue(new JsonObject(paused.body()).getString("state").matches("paused|done"), paused.body());
    }
}
