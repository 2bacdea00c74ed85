package dev.husai.app.cli;

import dev.husai.app.stream.KafkaMetricFeed;
import dev.husai.core.protocol.ControlMessage;
import dev.husai.stream.kafka.HusaiTopics;
import dev.husai.stream.kafka.KafkaSettings;
import dev.husai.web.MetricStore;
import dev.husai.web.SweepResults;
import dev.husai.web.WebServer;
import dev.husai.web.WebServerOptions;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The live web side, built once for {@code husai serve} and the demo's {@link LiveStack}: a {@link MetricStore} fed
 * from {@code <prefix>.metrics} and {@code <prefix>.alerts} by a group-less {@link KafkaMetricFeed} (every partition
 * from the beginning), the {@link WebServer} deployed on the caller's Vert.x, and a producer that sends the UI's stops
 * to {@code <prefix>.control}. {@link #close()} closes the feed and the producer; the caller closes its Vert.x first.
 */
public final class LiveWeb implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final KafkaMetricFeed feed;
    private final WebServer server;

    private LiveWeb(KafkaProducer<String, String> producer, KafkaMetricFeed feed, WebServer server) {
        this.producer = producer;
        this.feed = feed;
        this.server = server;
    }

    /**
     * Starts the feed and deploys the web server on {@code vertx}; on failure closes what it started and throws.
     *
     * @param sweep the sweep page's results ({@link SweepResults#none()} for none)
     */
    public static LiveWeb start(Vertx vertx, String bootstrap, HusaiTopics topics, WebServerOptions options,
                                MetricStore store, SweepResults sweep) throws Exception {
        KafkaProducer<String, String> producer = new KafkaProducer<>(
                KafkaSettings.stringValues(KafkaSettings.producer(bootstrap, "husai-web")));
        KafkaMetricFeed feed = new KafkaMetricFeed(KafkaSettings.grouplessStringConsumer(bootstrap), topics.metrics(),
                topics.alerts(), store).start();
        WebServer server = new WebServer(options, store, sender(producer, topics.control()), sweep);
        LiveWeb web = new LiveWeb(producer, feed, server);
        try {
            vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            web.close();
            throw e;
        }
        System.out.println("husai web: open " + server.url() + "  (action token " + options.token() + ")");
        return web;
    }

    /** Sends a stop and waits for the broker's acknowledgement (the web server calls it on a worker thread). */
    static Consumer<ControlMessage> sender(KafkaProducer<String, String> producer, String topic) {
        return m -> {
            try {
                producer.send(new ProducerRecord<>(topic, m.group(), m.encode())).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("expected " + topic + " to acknowledge the stop of " + m.group() + " seed "
                        + m.seed() + ", found " + e, e);
            }
        };
    }

    /** The deployed web server ({@link WebServer#url()} names it with its action token). */
    public WebServer server() {
        return server;
    }

    /** The feed (its {@code malformed()} count says how many points failed the UI's edge checks). */
    public KafkaMetricFeed feed() {
        return feed;
    }

    /** Closes the feed, then the producer. */
    @Override
    public void close() {
        feed.close();
        producer.close();
    }
}
