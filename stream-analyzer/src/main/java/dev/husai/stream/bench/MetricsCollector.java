package dev.husai.stream.bench;

import dev.husai.stream.kafka.KafkaSettings;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/** Reads the metrics topic on a thread and keeps, per triggering snapshot, its timestamp and last arrival. */
final class MetricsCollector implements AutoCloseable {

    /** Arrival record for one triggering snapshot ({@code partition/offset}). */
    record Arrival(long triggerTs, long lastArrivalMs, boolean group, long step) {
    }

    final Map<String, Arrival> bySnapshot = new ConcurrentHashMap<>();
    final Map<Long, Long> groupArrival = new ConcurrentHashMap<>();
    final Map<Long, Long> groupTrigger = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;

    MetricsCollector(String bootstrap, String topic, int partitions) {
        Map<String, Object> cfg = KafkaSettings.groupless(bootstrap);
        cfg.put("fetch.max.wait.ms", "10");
        consumer = new KafkaConsumer<>(cfg);
        List<TopicPartition> parts = java.util.stream.IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        thread = new Thread(this::run, "husai-bench-metrics");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    JsonObject j = new JsonObject(new String(r.value(), StandardCharsets.UTF_8));
                    String type = j.getString("type");
                    long ts = j.getLong("trigger_ts");
                    if (type.equals("group")) {
                        groupArrival.put(j.getLong("step"), now);
                        groupTrigger.put(j.getLong("step"), ts);
                    } else if (type.equals("pair") || type.equals("drift")) {
                        String id = j.getInteger("trigger_partition") + "/" + j.getLong("trigger_offset");
                        bySnapshot.merge(id, new Arrival(ts, now, false, j.getLong("step")),
                                (a, b) -> new Arrival(a.triggerTs(), Math.max(a.lastArrivalMs(), b.lastArrivalMs()), false, a.step()));
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(10_000);
    }
}
