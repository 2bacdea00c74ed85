package dev.husai.stream.bench;

import dev.husai.core.align.CosineMatrix;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SnapshotMetadata;
import dev.husai.core.snapshot.SyntheticSaes;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.stream.analysis.AnalyzerOptions;
import dev.husai.stream.kafka.EmbeddedKafka;
import dev.husai.stream.kafka.HusaiTopics;
import dev.husai.stream.kafka.KafkaSettings;
import dev.husai.stream.kafka.TopicSetup;
import dev.husai.stream.verticle.AnalyzerVerticle;
import dev.husai.stream.verticle.AnalyzerVerticleOptions;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * End-to-end stream benchmark: one analyzer verticle on the embedded broker (or an external cluster); a
 * synthetic group of S seeds (shared base dictionary, per-seed permutation and noise, so matching behaves as
 * on trained SAEs); phase 1 sends every seed's snapshot once per period (paced, like a trainer) and measures
 * latencies; phase 2 pushes a backlog unthrottled and measures the analyzer's sustainable rate.
 */
public final class StreamBench {
    static final String GROUP = "bench";

    private StreamBench() {
    }

    public static StreamBenchResult run(StreamBenchOptions o, PrintStream log) throws Exception {
        Path tmp = Files.createTempDirectory("husai-bench-");
        EmbeddedKafka kafka = o.bootstrapServers() == null ? EmbeddedKafka.start(tmp) : null;
        Vertx vertx = Vertx.vertx();
        try {
            String bootstrap = kafka != null ? kafka.bootstrapServers() : o.bootstrapServers();
            HusaiTopics topics = HusaiTopics.withPrefix("bench-" + System.currentTimeMillis(), 1);
            TopicSetup.ensure(bootstrap, topics, (short) 1);
            AnalyzerOptions ao = AnalyzerOptions.defaults().withMatcher(o.matcher());
            vertx.deployVerticle(new AnalyzerVerticle(new AnalyzerVerticleOptions(bootstrap, topics,
                    topics.snapshots() + "-analyzer", ao, false))).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            try (MetricsCollector metrics = new MetricsCollector(bootstrap, topics.metrics(), 1);
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaSettings.producer(bootstrap, "bench"))) {
                Workload w = new Workload(o);
                int paced = (int) Math.max(1, Math.round(o.seconds() * o.snapshotsPerSecondPerSeed()));
                log.printf("phase 1: %d steps x %d seeds (d_sae %d, d_in %d), one step every %.0f ms; the first %d steps "
                        + "are warm-up (not counted)%n", paced, o.seeds(), o.dSae(), o.dIn(), 1000 / o.snapshotsPerSecondPerSeed(),
                        Math.min(5, paced / 4));
                long periodMs = Math.round(1000 / o.snapshotsPerSecondPerSeed());
                long t0 = System.currentTimeMillis();
                for (int step = 1; step <= paced; step++) {
                    sleepUntil(t0 + (step - 1) * periodMs);
                    w.sendStep(producer, topics.snapshots(), step);
                }
                awaitGroup(metrics, paced, 120_000);
                int warm = Math.min(5, paced / 4);
                double[] lat = latencies(metrics, warm + 1, paced);
                double[] grp = groupLatencies(metrics, warm + 1, paced);
                double rate = o.backlogSteps() == 0 ? Double.NaN : backlog(o, w, producer, topics, metrics, paced, log);
                String method = ao.greedyFor(o.dSae()) ? "greedy (approximation)" : "exact";
                return new StreamBenchResult(lat.length, pct(lat, 50), pct(lat, 99), pct(lat, 100), pct(grp, 50),
                        pct(grp, 99), rate, method, CosineMatrix.backend());
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            if (kafka != null) {
                kafka.close();
            }
            Files.deleteIfExists(tmp);
        }
    }

    private static double backlog(StreamBenchOptions o, Workload w, KafkaProducer<String, byte[]> producer,
                                  HusaiTopics topics, MetricsCollector metrics, int after, PrintStream log) throws Exception {
        log.printf("phase 2: backlog of %d steps x %d seeds, unthrottled%n", o.backlogSteps(), o.seeds());
        int last = after + o.backlogSteps();
        long start = System.currentTimeMillis();
        for (int step = after + 1; step <= last; step++) {
            w.sendStep(producer, topics.snapshots(), step);
        }
        awaitGroup(metrics, last, 600_000);
        long done = metrics.groupArrival.get((long) last);
        return (double) o.backlogSteps() * o.seeds() / ((done - start) / 1000.0);
    }

    private static void awaitGroup(MetricsCollector m, long step, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!m.groupArrival.containsKey(step)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("expected the group point of step " + step + " within " + timeoutMs
                        + " ms, found none (analyzer too slow or stuck)");
            }
            Thread.sleep(20);
        }
    }

    private static double[] latencies(MetricsCollector m, long fromStep, long toStep) {
        return m.bySnapshot.values().stream().filter(a -> a.step() >= fromStep && a.step() <= toStep)
                .mapToDouble(a -> a.lastArrivalMs() - a.triggerTs()).sorted().toArray();
    }

    private static double[] groupLatencies(MetricsCollector m, long fromStep, long toStep) {
        return m.groupArrival.entrySet().stream().filter(e -> e.getKey() >= fromStep && e.getKey() <= toStep)
                .mapToDouble(e -> e.getValue() - m.groupTrigger.get(e.getKey())).sorted().toArray();
    }

    /** Nearest-rank percentile of sorted values (100 = max); NaN when empty. */
    static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static void sleepUntil(long t) throws InterruptedException {
        long d = t - System.currentTimeMillis();
        if (d > 0) {
            Thread.sleep(d);
        }
    }

    /** Synthetic trained-like SAEs: a shared base decoder, each seed a permutation of it plus small noise. */
    static final class Workload {
        private final StreamBenchOptions o;
        private final FloatMatrix baseFD;

        Workload(StreamBenchOptions o) {
            this.o = o;
            this.baseFD = SyntheticSaes.uniform(o.dSae(), o.dIn(), 17);
        }

        void sendStep(KafkaProducer<String, byte[]> producer, String topic, int step) {
            for (int seed = 0; seed < o.seeds(); seed++) {
                byte[] value = snapshot(seed, step).encode(o.dtype());
                producer.send(new ProducerRecord<>(topic, GROUP, value));
            }
            producer.flush();
        }

        SaeSnapshot snapshot(int seed, int step) {
            Map<String, String> meta = SnapshotMetadata.required(GROUP, seed, step, "topk", "resid_post");
            meta.put("mse", "0.01");
            return new SaeSnapshot(meta, SyntheticSaes.permutedCopy(baseFD, seed, 0.3, seed * 1_000_003L + step));
        }
    }
}
