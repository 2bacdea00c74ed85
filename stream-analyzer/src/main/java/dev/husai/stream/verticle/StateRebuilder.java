package dev.husai.stream.verticle;

import dev.husai.stream.analysis.Analyzer;
import dev.husai.stream.kafka.KafkaSettings;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Restores the group states of one snapshot partition after a restart or rebalance: re-reads the partition
 * from its first retained offset up to (excluding) the first offset the analyzer will process, feeding
 * every record to the {@link Analyzer} and discarding the outputs (they were published before). Blocking:
 * call it on a worker. The analysis is deterministic, so the rebuilt state equals the state before.
 */
public final class StateRebuilder {

    private StateRebuilder() {
    }

    /**
     * @param untilOffset first offset NOT to replay
     * @return the number of records replayed
     */
    public static long rebuild(String bootstrapServers, TopicPartition partition, long untilOffset, Analyzer analyzer) {
        if (untilOffset <= 0) {
            return 0;
        }
        long replayed = 0;
        try (KafkaConsumer<String, byte[]> c = KafkaSettings.grouplessConsumer(bootstrapServers)) {
            c.assign(List.of(partition));
            c.seekToBeginning(List.of(partition));
            long deadline = System.currentTimeMillis() + 120_000;
            while (c.position(partition) < untilOffset) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("expected to re-read " + partition + " up to offset " + untilOffset
                            + " within 120 s, found position " + c.position(partition));
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() < untilOffset) {
                        analyzer.acceptDiscarded(r.key(), r.value());
                        replayed++;
                    }
                }
            }
        }
        return replayed;
    }
}
