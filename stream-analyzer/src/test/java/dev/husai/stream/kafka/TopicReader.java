package dev.husai.stream.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** Test helper: reads a whole topic (all partitions, from offset 0) without a consumer group. */
public final class TopicReader {
    private TopicReader() {
    }

    /** Every record currently in {@code topic}. */
    public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = KafkaSettings.grouplessConsumer(bootstrap)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo p : c.partitionsFor(topic)) {
                parts.add(new TopicPartition(topic, p.partition()));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.currentTimeMillis() + 30_000;
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }

    /** Polls {@link #readAll} until {@code done} holds or {@code timeoutMs} passes; returns the last read. */
    public static List<ConsumerRecord<String, byte[]>> awaitRecords(String bootstrap, String topic, long timeoutMs,
                                                                    Predicate<List<ConsumerRecord<String, byte[]>>> done)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        List<ConsumerRecord<String, byte[]>> last = readAll(bootstrap, topic);
        while (!done.test(last) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            last = readAll(bootstrap, topic);
        }
        return last;
    }
}
