package dev.husai.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The live channel's chunked backfill, its shared fan-out, and resume over a thinned store. */
@ExtendWith(VertxExtension.class)
class LiveStreamTest {
    private MetricStore store;
    private String base;

    private void start(Vertx vertx, MetricStore s) {
        store = s;
        WebServer server = new WebServer(WebServerOptions.defaults().withPort(0), store, m -> { });
        vertx.deployVerticle(server).await();
        base = "http://127.0.0.1:" + server.actualPort();
    }

    @AfterEach
    void stop(Vertx vertx) {
        vertx.close().await();
    }

    private static JsonObject point(String group, long step) {
        return new JsonObject().put("type", "group").put("group", group).put("step", step);
    }

    private long seqOf(SseClient.Event e) {
        return Long.parseLong(e.id().substring(store.epoch().length() + 1));
    }

    /** The seqs of the next events until {@code quietMs} pass without one. */
    private List<Long> drain(SseClient sse, long quietMs) throws Exception {
        List<Long> seqs = new ArrayList<>();
        for (SseClient.Event e = sse.next(5000); e != null; e = sse.next(quietMs)) {
            seqs.add(seqOf(e));
        }
        return seqs;
    }

    @Test
    void aBackfillOfManyChunksArrivesInLogOrderThenLiveForOneGroupAndForAll(Vertx vertx) throws Exception {
        start(vertx, new MetricStore());
        for (long s = 1; s <= 2000; s++) {
            store.onMetric(point(s % 2 == 0 ? "even" : "odd", s));
        }
        try (SseClient one = new SseClient(base + "/api/live?group=even", null, null);
             SseClient all = new SseClient(base + "/api/live", null, null)) {
            List<Long> even = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                even.add(seqOf(one.next(5000)));
            }
            assertEquals(LongStream.rangeClosed(1, 1000).map(i -> 2 * i).boxed().toList(), even, "1000 events, 4 chunks");
            List<Long> merged = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                merged.add(seqOf(all.next(5000)));
            }
            assertEquals(LongStream.rangeClosed(1, 2000).boxed().toList(), merged, "both groups merged in log order");
            store.onMetric(point("even", 2002));
            SseClient.Event a = one.next(5000);
            SseClient.Event b = all.next(5000);
            assertEquals(a, b, "one encoded frame written to both streams");
            assertEquals(2001L, seqOf(a));
            assertNull(one.next(200));
        }
    }

    /**
     * A client that stopped at seq X reconnects after the store thinned events it had not seen: it gets exactly the
     * kept events after X, in order, without duplicates, up to the latest.
     */
    @Test
    void resumingOverThinnedEventsSendsTheKeptOnesInOrder(Vertx vertx) throws Exception {
        start(vertx, new MetricStore(300));
        for (long s = 0; s < 100; s++) {
            store.onMetric(point("g", s));
        }
        String lastId;
        try (SseClient sse = new SseClient(base + "/api/live?group=g", null, null)) {
            SseClient.Event e = null;
            for (int i = 0; i < 50; i++) {
                e = sse.next(5000);
            }
            lastId = e.id();
        }
        for (long s = 100; s < 2000; s++) {
            store.onMetric(point("g", s));
        }
        assertTrue(store.thinned() > 0);
        List<Long> expected = store.history("g", -1).stream().map(StoredEvent::seq).filter(q -> q > 50).toList();
        try (SseClient resumed = new SseClient(base + "/api/live?group=g", lastId, null)) {
            assertEquals(expected, drain(resumed, 300));
        }
        assertEquals(2000L, expected.get(expected.size() - 1));
        assertTrue(expected.size() <= 300 && expected.size() < 1950, "fewer than the 1950 published after X: " + expected.size());
    }

    /**
     * A response that reports its write queue full once, after the first chunk, and never calls its drain handler
     * (the notification lost): the stream still sends the whole backfill, by looking at the queue itself.
     */
    @Test
    void aPausedBackfillResumesWithoutTheDrainNotification(Vertx vertx) throws Exception {
        store = new MetricStore();
        for (long s = 1; s <= 600; s++) {
            store.onMetric(point("g", s));
        }
        AtomicInteger frames = new AtomicInteger();
        AtomicBoolean reportedFull = new AtomicBoolean();
        AtomicInteger drainHandlersSet = new AtomicInteger();
        HttpServerResponse res = (HttpServerResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServerResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "write" -> {
                        frames.addAndGet(args[0].toString().split("id: ", -1).length - 1);
                        yield null;
                    }
                    case "writeQueueFull" -> frames.get() > 0 && reportedFull.compareAndSet(false, true);
                    case "closed" -> false;
                    case "drainHandler" -> {
                        if (args[0] != null) {
                            drainHandlersSet.incrementAndGet();
                        }
                        yield proxy;
                    }
                    case "setWriteQueueMaxSize" -> proxy;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> new LiveStream(context, store, res, "g", Long.MIN_VALUE, 0).catchUp());
        long deadline = System.currentTimeMillis() + 5000;
        while (frames.get() < 600 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(reportedFull.get(), "the queue was reported full");
        assertEquals(1, drainHandlersSet.get(), "the stream waited for a drain once");
        assertEquals(600, frames.get(), "every event sent although no drain notification came");
    }
}
