package dev.husai.app.stream;

import dev.husai.web.MetricListener;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the web UI's {@link MetricListener} from {@code husai.metrics} and {@code husai.alerts}: a daemon thread
 * that reads every partition of both topics from the first retained offset (no consumer group: every UI instance
 * sees the whole history, so a restarted UI is refilled). Malformed records are logged and counted, never thrown.
 */
public final class KafkaMetricFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaMetricFeed.class);
    private final Consumer<String, String> consumer;
    private final String metricsTopic;
    private final String alertsTopic;
    private final MetricListener listener;
    private final AtomicLong malformed = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread thread;

    /** {@code consumer}: String keys and values, no group id (e.g. {@code KafkaSettings.stringValues(...)}). */
    public KafkaMetricFeed(Consumer<String, String> consumer, String metricsTopic, String alertsTopic, MetricListener listener) {
        this.consumer = consumer;
        this.metricsTopic = metricsTopic;
        this.alertsTopic = alertsTopic;
        this.listener = listener;
    }

    /** Assigns every partition of both topics at the beginning, then starts the thread. */
    public KafkaMetricFeed start() {
        List<TopicPartition> parts = new ArrayList<>();
        for (String topic : List.of(metricsTopic, alertsTopic)) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
        }
        if (parts.isEmpty()) {
            throw new IllegalStateException("expected topics " + metricsTopic + " and " + alertsTopic + " to exist, found no partitions");
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        thread = new Thread(this::run, "husai-web-feed");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    handle(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
            stopped.countDown();
        }
    }

    /** One record to the listener; malformed ones are logged and counted. */
    void handle(ConsumerRecord<String, String> r) {
        try {
            JsonObject j = new JsonObject(r.value());
            if (j.getString("group") == null) {
                throw new IllegalArgumentException("expected a group field, found none");
            }
            if (r.topic().equals(alertsTopic)) {
                listener.onAlert(j);
            } else {
                listener.onMetric(j);
            }
        } catch (DecodeException | ClassCastException | IllegalArgumentException | NullPointerException e) {
            malformed.incrementAndGet();
            LOG.warn("ignoring malformed record at {}-{}@{}: expected a JSON object with a group, found {}: {}",
                    r.topic(), r.partition(), r.offset(), r.value(), e.getMessage());
        }
    }

    /** Malformed records seen. */
    public long malformed() {
        return malformed.get();
    }

    @Override
    public void close() {
        if (thread == null) {
            consumer.close();
            return;
        }
        consumer.wakeup();
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
