package dev.husai.app.cli;

import dev.husai.app.stream.KafkaMetricFeed;
import dev.husai.app.stream.StreamLogging;
import dev.husai.stream.analysis.AlertPolicy;
import dev.husai.stream.analysis.AnalyzerOptions;
import dev.husai.stream.kafka.EmbeddedKafka;
import dev.husai.stream.kafka.HusaiTopics;
import dev.husai.stream.kafka.KafkaSettings;
import dev.husai.stream.kafka.TopicSetup;
import dev.husai.stream.verticle.AnalyzerConfig;
import dev.husai.stream.verticle.AnalyzerVerticle;
import dev.husai.web.MetricStore;
import dev.husai.web.WebServer;
import dev.husai.web.WebServerOptions;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code husai demo}: everything in one process on embedded defaults: a Kafka broker, the analyzer, the web UI
 * and two SAE groups training on the shipped grokked testbed. Ctrl-C shuts it all down.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Embedded Kafka + analyzer + web UI + two SAE groups (TopK 8x, ReLU-L1 8x) training live.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "interface to bind (0.0.0.0 exposes the UI)") String host;
    @Option(names = "--port", defaultValue = "8080") int port;
    @Option(names = "--seeds", defaultValue = "4", description = "seeds per group (default ${DEFAULT-VALUE})") int seeds;
    @Option(names = "--steps", defaultValue = "3000", description = "training steps per group (default ${DEFAULT-VALUE})") int steps;
    @Option(names = "--snapshot-every", defaultValue = "25", description = "steps between snapshots (default ${DEFAULT-VALUE})")
    int snapshotEvery;
    @Option(names = "--data-dir", description = "keep the broker's data here (default: a temporary directory, deleted on exit)")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        if (seeds < 2 || seeds > 64) {
            throw new IllegalArgumentException("expected --seeds in [2, 64], found " + seeds);
        }
        StreamLogging.quietKafka();
        System.setProperty("org.slf4j.simpleLogger.log.dev.husai.stream", "warn");
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir != null ? dataDir : Files.createTempDirectory("husai-demo-"),
                dataDir == null, 0);
        String bootstrap = kafka.bootstrapServers();
        HusaiTopics topics = HusaiTopics.defaults();
        TopicSetup.ensure(bootstrap, topics, (short) 1);
        Vertx vertx = Vertx.vertx();
        KafkaProducer<String, String> producer = new KafkaProducer<>(
                KafkaSettings.stringValues(KafkaSettings.producer(bootstrap, "husai-web")));
        MetricStore store = new MetricStore();
        KafkaMetricFeed feed = startFeed(bootstrap, topics, store);
        DemoTrainers trainers = new DemoTrainers();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(trainers, vertx, feed, producer, kafka, done)));
        vertx.deployVerticle(new AnalyzerVerticle(new AnalyzerConfig(bootstrap, topics, "husai-analyzer",
                AnalyzerOptions.defaults().withPolicy(AlertPolicy.parse("stop")), true)))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        WebServerOptions options = new WebServerOptions(host, port, WebServerOptions.randomToken(), List.of());
        vertx.deployVerticle(new WebServer(options, store, ServeCommand.sender(producer, topics.control())))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        trainers.start(bootstrap, topics, seeds, steps, snapshotEvery);
        System.out.println("husai demo: broker " + bootstrap + ", analyzer (policy: alert + stop), 2 groups x " + seeds
                + " seeds training. Ctrl-C to stop.");
        done.await();
        return 0;
    }

    private static KafkaMetricFeed startFeed(String bootstrap, HusaiTopics topics, MetricStore store) {
        Map<String, Object> cfg = KafkaSettings.stringValues(KafkaSettings.consumer(bootstrap, "unused"));
        cfg.remove("group.id");
        return new KafkaMetricFeed(new KafkaConsumer<>(cfg), topics.metrics(), topics.alerts(), store).start();
    }

    private static void shutdown(DemoTrainers trainers, Vertx vertx, KafkaMetricFeed feed,
                                 KafkaProducer<String, String> producer, EmbeddedKafka kafka, CountDownLatch done) {
        try {
            trainers.stopAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ServeCommand.shutdown(vertx, feed, producer, kafka, done);
        System.out.println("husai demo: stopped");
    }
}
