package dev.husai.web.bench;

import dev.husai.web.MetricListener;
import dev.husai.web.MetricStore;
import dev.husai.web.SyntheticFeed;
import dev.husai.web.WebServer;
import dev.husai.web.WebServerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Live fan-out benchmark (not a unit test): one {@link WebServer} on 127.0.0.1 with a small-bound {@link MetricStore},
 * a {@link SyntheticFeed} of one group x 8 seeds publishing one finalised step per period from its own thread (as the
 * Kafka feed does), and N concurrent SSE clients on {@code /api/live?group=G} (opened after a warm-up, so each one
 * backfills). Prints the latency publish -> received at the clients (p50 / p99 / max over all clients and live metric
 * points), the points received, live seq gaps, and the store's retained events and the JVM heap along the run (memory
 * bounded: retained stays at the bound while the published count grows). Same JVM for server and clients: the heap
 * figures include the clients' (constant) state. Command: see docs/web.md.
 *
 * <p>Arguments (all optional): {@code clients seconds periodMs capacity seeds}, default {@code 200 60 250 2000 8}.
 */
public final class LiveFanoutBench {
    private static final String GROUP = "bench-topk-x8";

    private LiveFanoutBench() {
    }

    record Options(int clients, int seconds, long periodMs, int capacity, int seeds) {
        static Options parse(String[] a) {
            return new Options(arg(a, 0, 200), arg(a, 1, 60), arg(a, 2, 250), arg(a, 3, 2000), arg(a, 4, 8));
        }

        private static int arg(String[] a, int i, int dflt) {
            return a.length > i ? Integer.parseInt(a[i]) : dflt;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        System.out.printf("live fan-out bench: %d clients, %d s, one step per %d ms, %d seeds, store capacity %d, %d cores%n",
                o.clients(), o.seconds(), o.periodMs(), o.seeds(), o.capacity(), Runtime.getRuntime().availableProcessors());
        footprint(o.seeds());
        Vertx serverVertx = Vertx.vertx();
        Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        ScheduledExecutorService feedThread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bench-feed"));
        try {
            run(o, serverVertx, clientVertx, feedThread);
        } finally {
            feedThread.shutdownNow();
            clientVertx.close().await();
            serverVertx.close().await();
        }
    }

    private static void run(Options o, Vertx serverVertx, Vertx clientVertx, ScheduledExecutorService feedThread)
            throws Exception {
        MetricStore store = new MetricStore(o.capacity());
        WebServer server = new WebServer(WebServerOptions.defaults().withPort(0).withMaxLiveConnections(o.clients() + 8),
                store, m -> { });
        serverVertx.deployVerticle(server).await();
        System.out.printf("heap used after GC, before the feed: %.1f MiB%n", heapAfterGcMiB());
        SyntheticFeed feed = new SyntheticFeed(stamped(store), List.of(GROUP), o.seeds());
        feedThread.scheduleAtFixedRate(feed::tick, 0, o.periodMs(), TimeUnit.MILLISECONDS);
        Thread.sleep(2000); // warm-up: the clients below backfill what was published so far
        LatencyHistogram latencies = new LatencyHistogram();
        LatencyHistogram steady = new LatencyHistogram();
        long steadyFrom = System.nanoTime() + 5_000_000_000L;
        HttpClient client = clientVertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(o.clients()));
        List<SseProbe> probes = connect(o.clients(), client, server.actualPort(), (ns, now) -> {
            latencies.record(ns);
            if (now >= steadyFrom) {
                steady.record(ns);
            }
        });
        long t0 = System.nanoTime();
        long published0 = store.lastSeq();
        int maxRetained = 0;
        for (int s = 1; s <= o.seconds(); s++) {
            Thread.sleep(1000);
            maxRetained = Math.max(maxRetained, store.retained());
            if (s % 10 == 0 || s == o.seconds()) {
                System.out.printf("t=%3d s: published %6d events, retained %5d (max %5d, bound %d) = %5.0f KiB, thinned %6d,"
                        + " heap used (no GC) %.1f MiB%n", s, store.lastSeq(), store.retained(), maxRetained, o.capacity(),
                        store.retainedBytes() / 1024.0, store.thinned(), heapMiB());
            }
        }
        feedThread.shutdownNow();
        Thread.sleep(500); // let the last points arrive
        double secs = (System.nanoTime() - t0) / 1e9;
        report(probes, latencies, store.lastSeq() - published0, secs);
        System.out.printf("  the same after the first 5 s (connections settled): p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
                steady.quantileMs(0.5), steady.quantileMs(0.99), steady.quantileMs(0.999), steady.maxMs());
        System.out.printf("heap used after GC, at the end (store at its bound, %d clients open): %.1f MiB%n",
                probes.size(), heapAfterGcMiB());
        client.close().await();
    }

    /** Stamps each point with System.nanoTime() as it is published (the latency's start). */
    private static MetricListener stamped(MetricStore store) {
        return new MetricListener() {
            @Override
            public void onMetric(JsonObject point) {
                store.onMetric(point.put("bench_ns", System.nanoTime()));
            }

            @Override
            public void onAlert(JsonObject alert) {
                store.onAlert(alert);
            }
        };
    }

    private static List<SseProbe> connect(int n, HttpClient client, int port, SseProbe.Sink latencies) {
        List<SseProbe> probes = new ArrayList<>();
        List<Future<Integer>> opened = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SseProbe p = new SseProbe(latencies);
            probes.add(p);
            opened.add(p.open(client, port, "/api/live?group=" + GROUP));
        }
        List<Integer> statuses = Future.all(opened).await().list();
        long ok = statuses.stream().filter(s -> s == 200).count();
        System.out.printf("opened %d live connections (%d answered 200)%n", n, ok);
        return probes;
    }

    private static void report(List<SseProbe> probes, LatencyHistogram h, long published, double secs) {
        long received = probes.stream().mapToLong(SseProbe::received).sum();
        long backfilled = probes.stream().mapToLong(SseProbe::backfilled).sum();
        long gaps = probes.stream().mapToLong(SseProbe::gaps).sum();
        long live = probes.stream().filter(SseProbe::live).count();
        System.out.printf("published %d events in %.1f s (%.0f/s); %d of %d clients live; backfilled %d events in all%n",
                published, secs, published / secs, live, probes.size(), backfilled);
        System.out.printf("received %d live events (%d stamped metric points), live seq gaps %d%n", received, h.count(), gaps);
        System.out.printf("latency publish -> received over all clients: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
                h.quantileMs(0.5), h.quantileMs(0.99), h.quantileMs(0.999), h.maxMs());
    }

    /** Heap of a store filled far past its bound with the same feed, per retained event (before the run). */
    private static void footprint(int seeds) {
        double before = heapAfterGcMiB();
        MetricStore s = new MetricStore(20_000);
        SyntheticFeed feed = new SyntheticFeed(s, List.of(GROUP), seeds);
        for (int i = 0; i < 1000; i++) {
            feed.tick();
        }
        double after = heapAfterGcMiB();
        System.out.printf("footprint: a store of capacity 20000 after %d events (1000 steps) retains %d events weighing"
                + " %.1f MiB; heap %.1f MiB (%.2f KiB per event)%n", s.lastSeq(), s.retained(), s.retainedBytes() / 1048576.0,
                after - before, (after - before) * 1024 / s.retained());
    }

    private static double heapMiB() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    }

    private static double heapAfterGcMiB() {
        System.gc();
        System.gc();
        return heapMiB();
    }
}
