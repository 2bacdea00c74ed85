package dev.husai.app.cluster;

import dev.husai.stream.kafka.HusaiTopics;
import dev.husai.stream.kafka.TopicSetup;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The two topics of a distributed sweep.
 *
 * @param work       one record per group to train (key: sweep name / group id, value: a {@link WorkItem}); its
 *                   partitions are the unit of sharing between workers
 * @param results    each finished group's files and summary, written in one transaction per group
 * @param partitions partitions of the work topic: at least the number of workers that should share a sweep
 */
public record SweepTopics(String work, String results, int partitions) {
    /** Default work-topic partitions: 12 workers can share one sweep. */
    public static final int DEFAULT_PARTITIONS = 12;

    public SweepTopics {
        if (partitions < 1) {
            throw new IllegalArgumentException("expected work-topic partitions >= 1, found " + partitions);
        }
    }

    /** {@code husai.sweep.work} and {@code husai.sweep.results}, 12 work partitions. */
    public static SweepTopics defaults() {
        return new SweepTopics("husai.sweep.work", "husai.sweep.results", DEFAULT_PARTITIONS);
    }

    /** Creates the missing topics (work: small records; results: up to {@link HusaiTopics#MAX_MESSAGE_BYTES}). */
    public void ensure(String bootstrapServers, short replication) {
        String retention = Long.toString(TimeUnit.DAYS.toMillis(30));
        List<NewTopic> specs = List.of(new NewTopic(work, partitions, replication).configs(Map.of("retention.ms", retention)),
                new NewTopic(results, 1, replication).configs(Map.of("retention.ms", retention,
                        "max.message.bytes", Integer.toString(HusaiTopics.MAX_MESSAGE_BYTES), "compression.type", "producer")));
        TopicSetup.ensure(bootstrapServers, specs);
    }
}
