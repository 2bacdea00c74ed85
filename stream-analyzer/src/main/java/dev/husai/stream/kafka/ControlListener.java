package dev.husai.stream.kafka;

import dev.husai.stream.analysis.ControlMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer side of {@code husai.control}: a daemon thread that reads control messages for ONE group
 * (record key = group id) published after {@link #start} and hands them to a handler, e.g.
 * {@code m -> trainer.stop(m.seed())}. Reads every partition without a consumer group (each trainer sees
 * every message); positions are fixed at the end before {@link #start} returns, so no message sent after
 * that is missed. Malformed messages are logged and counted ({@link #malformed()}), never thrown.
 */
public final class ControlListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlListener.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final String group;
    private final Consumer<ControlMessage> handler;
    private final AtomicLong malformed = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread thread;

    public ControlListener(String bootstrapServers, String topic, String group, Consumer<ControlMessage> handler) {
        Map<String, Object> cfg = KafkaSettings.consumer(bootstrapServers, "unused");
        cfg.remove("group.id");
        this.consumer = new KafkaConsumer<>(cfg);
        this.topic = topic;
        this.group = group;
        this.handler = handler;
    }

    /** Positions at the end of every partition, then starts the listening thread. */
    public ControlListener start() {
        List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        if (parts.isEmpty()) {
            throw new IllegalStateException("expected control topic " + topic + " to exist, found no partitions");
        }
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position);
        thread = new Thread(this::run, "husai-control-" + group);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (true) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
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

    private void handle(ConsumerRecord<String, byte[]> r) {
        if (!group.equals(r.key())) {
            return;
        }
        String text = r.value() == null ? "null" : new String(r.value(), StandardCharsets.UTF_8);
        try {
            ControlMessage m = ControlMessage.parse(text);
            if (m.group().equals(group)) {
                handler.accept(m);
            }
        } catch (IllegalArgumentException e) {
            malformed.incrementAndGet();
            LOG.warn("ignoring malformed control message at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    /** Malformed messages seen. */
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
