package dev.husai.stream.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the HUSAI topics if missing: snapshots and dead letters with {@code max.message.bytes}
 * {@link HusaiTopics#MAX_MESSAGE_BYTES} and lz4 compression kept from the producer; metrics, alerts and control
 * small JSON topics. Idempotent (existing topics are left as they are).
 */
public final class TopicSetup {

    private TopicSetup() {
    }

    /** The topic specifications for {@code topics} with replication factor {@code replication}. */
    public static List<NewTopic> specs(HusaiTopics topics, short replication) {
        Map<String, String> big = Map.of("max.message.bytes", Integer.toString(HusaiTopics.MAX_MESSAGE_BYTES),
                "compression.type", "producer", "retention.ms", Long.toString(TimeUnit.DAYS.toMillis(7)));
        Map<String, String> small = Map.of("compression.type", "producer",
                "retention.ms", Long.toString(TimeUnit.DAYS.toMillis(30)));
        List<NewTopic> out = new ArrayList<>();
        out.add(new NewTopic(topics.snapshots(), topics.partitions(), replication).configs(big));
        out.add(new NewTopic(topics.deadLetter(), topics.partitions(), replication).configs(big));
        for (String name : List.of(topics.metrics(), topics.alerts(), topics.control())) {
            out.add(new NewTopic(name, topics.partitions(), replication).configs(small));
        }
        return out;
    }

    /** Creates the missing topics and waits (up to 30 s) for the broker to confirm. */
    public static void ensure(String bootstrapServers, HusaiTopics topics, short replication) {
        ensure(bootstrapServers, specs(topics, replication));
    }

    /** Creates those of {@code specs} that are missing (existing ones are left as they are), waiting up to 30 s. */
    public static void ensure(String bootstrapServers, List<NewTopic> specs) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = specs.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("expected to create topics " + specs.stream().map(NewTopic::name).toList()
                        + " on " + bootstrapServers + ", found " + e.getCause(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("expected a Kafka broker at " + bootstrapServers + " within 30 s, found none", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
