package dev.husai.app.cli;

import dev.husai.app.stream.KafkaMetricFeed;
import dev.husai.stream.analysis.ControlMessage;
import dev.husai.stream.kafka.EmbeddedKafka;
import dev.husai.stream.kafka.HusaiTopics;
import dev.husai.stream.kafka.KafkaSettings;
import dev.husai.stream.kafka.TopicSetup;
import dev.husai.web.MetricStore;
import dev.husai.web.WebServer;
import dev.husai.web.SweepResults;
import dev.husai.web.WebServerOptions;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code husai serve}: the live web UI, fed from husai.metrics / husai.alerts, sending stops to husai.control. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the live web UI (groups, curves, alerts, stop buttons) from the Kafka topics.")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "interface to bind (0.0.0.0 exposes the UI)")
    String host;
    @Option(names = "--port", defaultValue = "8080", description = "HTTP port")
    int port;
    @Option(names = "--bootstrap-servers", description = "external Kafka cluster (default: start an embedded broker)")
    String bootstrapServers;
    @Option(names = "--topic-prefix", defaultValue = "husai", description = "topic names <prefix>.metrics, ...")
    String prefix;
    @Option(names = "--partitions", defaultValue = "4", description = "partitions when creating topics")
    int partitions;
    @Option(names = "--allowed-origin", description = "extra Origin accepted on the live channel and actions")
    List<String> allowedOrigins = List.of();
    @Option(names = "--sweep", description = "a husai sweep output directory to show on the sweep page")
    java.nio.file.Path sweepDir;
    @Option(names = "--store-mib", defaultValue = "256",
            description = "memory bound of the live store in MiB; old steps are thinned, never dropped (default ${DEFAULT-VALUE})")
    long storeMib;
    @Option(names = "--recordings", description = "directory of recordings (husai record) offered on the replay page")
    String recordingsDir;

    @Override
    public Integer call() throws Exception {
        if (storeMib < 1 || storeMib > 65536) {
            throw new IllegalArgumentException("expected --store-mib in [1, 65536], found " + storeMib);
        }
        EmbeddedKafka kafka = bootstrapServers == null
                ? EmbeddedKafka.start(Files.createTempDirectory("husai-serve-"), true, 0) : null;
        String bootstrap = kafka != null ? kafka.bootstrapServers() : bootstrapServers;
        HusaiTopics topics = HusaiTopics.withPrefix(prefix, partitions);
        TopicSetup.ensure(bootstrap, topics, (short) 1);
        MetricStore store = new MetricStore(new MetricStore.Bound(MetricStore.Bound.DEFAULT.events(), storeMib << 20));
        KafkaProducer<String, String> producer = new KafkaProducer<>(
                KafkaSettings.stringValues(KafkaSettings.producer(bootstrap, "husai-web")));
        Map<String, Object> cfg = KafkaSettings.stringValues(KafkaSettings.consumer(bootstrap, "unused"));
        cfg.remove("group.id");
        KafkaMetricFeed feed = new KafkaMetricFeed(new KafkaConsumer<>(cfg), topics.metrics(), topics.alerts(), store).start();
        Vertx vertx = Vertx.vertx();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(vertx, feed, producer, kafka, done)));
        WebServerOptions options = new WebServerOptions(host, port, WebServerOptions.randomToken(), allowedOrigins, recordingsDir);
        vertx.deployVerticle(new WebServer(options, store, sender(producer, topics.control()),
                        sweepDir == null ? SweepResults.none() : SweepResults.of(sweepDir)))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        System.out.println("husai serve: reading " + topics.metrics() + ", " + topics.alerts() + " on " + bootstrap
                + "; stops go to " + topics.control() + ". Ctrl-C to stop.");
        done.await();
        return 0;
    }

    /** Sends a stop and waits for the broker's acknowledgement (the web server calls it on a worker thread). */
    static Consumer<ControlMessage> sender(KafkaProducer<String, String> producer, String topic) {
        return m -> {
            try {
                producer.send(new ProducerRecord<>(topic, m.group(), m.toJson().encode())).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("expected " + topic + " to acknowledge the stop of " + m.group() + " seed "
                        + m.seed() + ", found " + e, e);
            }
        };
    }

    /** Closes the web/analyzer side, then the broker (when embedded); counts {@code done} down. */
    static void shutdown(Vertx vertx, KafkaMetricFeed feed, KafkaProducer<String, String> producer,
                                 EmbeddedKafka kafka, CountDownLatch done) {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            feed.close();
            producer.close();
        } catch (Exception e) {
            System.err.println("husai serve: shutdown: " + e);
        } finally {
            if (kafka != null) {
                kafka.close();
            }
            done.countDown();
        }
    }
}
