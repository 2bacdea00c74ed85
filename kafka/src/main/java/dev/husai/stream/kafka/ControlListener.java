package dev.husai.stream.kafka;

import dev.husai.core.protocol.ControlMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

    private final PollingThread<byte[]> polling;
    private final String topic;
    private final String group;
    private final Consumer<ControlMessage> handler;

    public ControlListener(String bootstrapServers, String topic, String group, Consumer<ControlMessage> handler) {
        this.polling = new PollingThread<>(KafkaSettings.grouplessConsumer(bootstrapServers), this::handle);
        this.topic = topic;
        this.group = group;
        this.handler = handler;
    }

    /** Positions at the end of every partition, then starts the listening thread. */
    public ControlListener start() {
        polling.start(polling.partitionsOf(List.of(topic)), true, "husai-control-" + group);
        return this;
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
            polling.countMalformed();
            LOG.warn("ignoring malformed control message at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    /** Malformed messages seen. */
    public long malformed() {
        return polling.malformed();
    }

    @Override
    public void close() {
        polling.close();
    }
}
