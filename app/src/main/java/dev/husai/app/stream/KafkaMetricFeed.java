package dev.husai.app.stream;

import dev.husai.stream.kafka.PollingThread;
import dev.husai.web.MetricListener;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the web UI's {@link MetricListener} from {@code husai.metrics} and {@code husai.alerts}: a daemon thread
 * that reads every partition of both topics from the first retained offset (no consumer group: every UI instance
 * sees the whole history, so a restarted UI is refilled). Malformed records are logged and counted, never thrown.
 */
public final class KafkaMetricFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaMetricFeed.class);
    private final PollingThread<String> polling;
    private final String metricsTopic;
    private final String alertsTopic;
    private final MetricListener listener;

    /** {@code consumer}: String keys and values, no group id (e.g. {@code KafkaSettings.stringValues(...)}). */
    public KafkaMetricFeed(Consumer<String, String> consumer, String metricsTopic, String alertsTopic, MetricListener listener) {
        this.polling = new PollingThread<>(consumer, this::handle);
        this.metricsTopic = metricsTopic;
        this.alertsTopic = alertsTopic;
        this.listener = listener;
    }

    /** Assigns every partition of both topics at the beginning, then starts the thread. */
    public KafkaMetricFeed start() {
        polling.start(polling.partitionsOf(List.of(metricsTopic, alertsTopic)), false, "husai-web-feed");
        return this;
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
            polling.countMalformed();
            LOG.warn("ignoring malformed record at {}-{}@{}: expected a JSON object with a group, found {}: {}",
                    r.topic(), r.partition(), r.offset(), r.value(), e.getMessage());
        }
    }

    /** Malformed records seen. */
    public long malformed() {
        return polling.malformed();
    }

    @Override
    public void close() {
        polling.close();
    }
}
