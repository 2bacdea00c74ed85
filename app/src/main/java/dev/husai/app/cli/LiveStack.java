package dev.husai.app.cli;

import dev.husai.core.fourier.GroundTruth;
import dev.husai.stream.analysis.AlertPolicy;
import dev.husai.stream.analysis.AnalyzerOptions;
import dev.husai.stream.kafka.EmbeddedKafka;
import dev.husai.stream.kafka.HusaiTopics;
import dev.husai.stream.kafka.TopicSetup;
import dev.husai.stream.verticle.AnalyzerVerticle;
import dev.husai.stream.verticle.AnalyzerVerticleOptions;
import dev.husai.trainer.testbed.TestbedCheckpoint;
import dev.husai.trainer.testbed.TestbedInputs;
import dev.husai.web.MetricStore;
import dev.husai.web.SweepResults;
import dev.husai.web.WebServerOptions;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The whole pipeline in one process, as {@code husai demo} and {@code husai sweep --live} run it: an embedded
 * Kafka broker, the analyzer (alert + stop policy; with the testbed's ground truth it also publishes sampled
 * Fourier recovery), the metric feed and the web UI. Trainers publish to
 * {@link #bootstrap()}; {@link #close()} stops everything, the broker last.
 */
public final class LiveStack implements AutoCloseable {
    private final EmbeddedKafka kafka;
    private final Vertx vertx;
    private final LiveWeb web;
    private final HusaiTopics topics = HusaiTopics.defaults();

    private LiveStack(EmbeddedKafka kafka, Vertx vertx, LiveWeb web) {
        this.kafka = kafka;
        this.vertx = vertx;
        this.web = web;
    }

    /**
     * Starts the stack; the UI listens on {@code host:port}.
     *
     * @param dataDir  the broker's data directory, kept; null = a temporary one deleted on close
     * @param sweepDir a sweep output directory for the sweep page, or null
     */
    public static LiveStack start(String host, int port, Path dataDir, Path sweepDir) throws Exception {
        long t0 = System.nanoTime();
        GroundTruth truth = TestbedInputs.groundTruth(TestbedCheckpoint.shipped());
        System.out.printf(java.util.Locale.ROOT, "husai: shipped testbed loaded as ground truth (p = %d, key frequencies %s) in %.1f s%n",
                truth.p(), java.util.Arrays.toString(truth.keyFrequencies()), (System.nanoTime() - t0) / 1e9);
        return start(host, port, dataDir, sweepDir, truth);
    }

    /**
     * As {@link #start(String, int, Path, Path)} with the testbed's ground truth for the analyzer's sampled Fourier
     * recovery ({@code fourier} points; null = none).
     */
    public static LiveStack start(String host, int port, Path dataDir, Path sweepDir, GroundTruth truth) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir != null ? dataDir : Files.createTempDirectory("husai-live-"),
                dataDir == null, 0);
        String bootstrap = kafka.bootstrapServers();
        HusaiTopics topics = HusaiTopics.defaults();
        TopicSetup.ensure(bootstrap, topics, (short) 1);
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(new AnalyzerVerticle(new AnalyzerVerticleOptions(bootstrap, topics, "husai-analyzer",
                AnalyzerOptions.defaults().withPolicy(AlertPolicy.parse("stop")), true), truth))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        WebServerOptions options = new WebServerOptions(host, port, WebServerOptions.randomToken(), List.of());
        LiveWeb web = LiveWeb.start(vertx, bootstrap, topics, options, new MetricStore(),
                sweepDir == null ? SweepResults.none() : SweepResults.of(sweepDir));
        return new LiveStack(kafka, vertx, web);
    }

    public String bootstrap() {
        return kafka.bootstrapServers();
    }

    public HusaiTopics topics() {
        return topics;
    }

    /** Stops the UI, analyzer and feed, then the broker. */
    @Override
    public void close() {
        Shutdown.run("husai", vertx, web, kafka, new CountDownLatch(1));
    }
}
