package dev.husai.stream.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Client settings shared by every HUSAI producer and consumer, consistent with the topic limits
 * ({@link HusaiTopics#MAX_MESSAGE_BYTES}); see {@code docs/protocol.md}.
 */
public final class KafkaSettings {

    private KafkaSettings() {
    }

    /**
     * Reliable producer of byte records: idempotent, {@code acks=all}, lz4, 16 MiB requests, retries until
     * {@code delivery.timeout.ms} (2 min, a broker restart fits), bounded {@code buffer.memory} so that
     * {@code send} blocks ({@code max.block.ms}) instead of growing without bound.
     * <p>
     * One request in flight per connection: with more, the first batch to a partition whose leader is not ready yet
     * (a topic just created) can fail with NOT_LEADER_OR_FOLLOWER while the next ones are appended; a broker takes any
     * first sequence from a producer it does not know, so the retried first batch is then out of order for good
     * (OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout; seen in PipelineEndToEndTest, about 1 run in 7).
     */
    public static Map<String, Object> producer(String bootstrapServers, String clientId) {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("client.id", clientId);
        p.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        p.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        p.put("enable.idempotence", "true");
        p.put("acks", "all");
        p.put("max.in.flight.requests.per.connection", "1");
        p.put("compression.type", "lz4");
        p.put("linger.ms", "5");
        p.put("max.request.size", Integer.toString(HusaiTopics.MAX_MESSAGE_BYTES));
        p.put("buffer.memory", Long.toString(64L * 1024 * 1024));
        p.put("max.block.ms", "120000");
        p.put("delivery.timeout.ms", "120000");
        p.put("request.timeout.ms", "15000");
        p.put("retry.backoff.ms", "200");
        p.put("reconnect.backoff.max.ms", "1000");
        return p;
    }

    /** Consumer of byte records, manual commits, reading from the earliest offset when the group is new. */
    public static Map<String, Object> consumer(String bootstrapServers, String groupId) {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", bootstrapServers);
        c.put("group.id", groupId);
        c.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        c.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        c.put("enable.auto.commit", "false");
        c.put("auto.offset.reset", "earliest");
        c.put("max.partition.fetch.bytes", Integer.toString(HusaiTopics.MAX_MESSAGE_BYTES));
        c.put("fetch.max.bytes", Integer.toString(2 * HusaiTopics.MAX_MESSAGE_BYTES));
        c.put("max.poll.records", "64");
        c.put("reconnect.backoff.max.ms", "1000");
        return c;
    }

    /**
     * Consumer of byte records outside any consumer group: it {@code assign}s partitions itself and commits nothing
     * (replay of retention, state rebuild, control listener, metric feed). As {@link #consumer} without {@code group.id}.
     */
    public static Map<String, Object> groupless(String bootstrapServers) {
        Map<String, Object> c = consumer(bootstrapServers, "none");
        c.remove("group.id");
        return c;
    }

    /** A new group-less consumer of byte records ({@link #groupless}). */
    public static KafkaConsumer<String, byte[]> grouplessConsumer(String bootstrapServers) {
        return new KafkaConsumer<>(groupless(bootstrapServers));
    }

    /** A new group-less consumer of String records (metrics, alerts, control JSON). */
    public static KafkaConsumer<String, String> grouplessStringConsumer(String bootstrapServers) {
        return new KafkaConsumer<>(stringValues(groupless(bootstrapServers)));
    }

    /** As {@link #producer} and {@link #consumer} but with String values (metrics, alerts, control JSON). */
    public static Map<String, Object> stringValues(Map<String, Object> config) {
        Map<String, Object> c = new HashMap<>(config);
        c.computeIfPresent("value.serializer", (k, v) -> "org.apache.kafka.common.serialization.StringSerializer");
        c.computeIfPresent("value.deserializer", (k, v) -> "org.apache.kafka.common.serialization.StringDeserializer");
        return c;
    }
}
