package dev.husai.app.cluster;

import dev.husai.app.sweep.SummaryFile;
import dev.husai.core.config.SaeConfig;
import dev.husai.stream.kafka.KafkaSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The coordinator of a distributed sweep ({@code husai sweep FILE --bootstrap-servers B --coordinator}): publishes every
 * group that is neither done in {@code OUT} nor already on the work topic, then reads the results topic
 * (read_committed) and writes each group's files into {@code OUT/GROUP/} until every group has its summary. Restartable
 * at any point: groups already published are not published twice, results are read again from the start.
 */
public final class SweepCoordinator {
    private final String bootstrap;
    private final SweepTopics topics;
    private final Path out;
    private final Consumer<String> log;

    public SweepCoordinator(String bootstrap, SweepTopics topics, Path out, Consumer<String> log) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.out = out;
        this.log = log;
    }

    /**
     * Publishes and collects the sweep's groups; returns when all are done or {@code timeout} has passed (false then).
     *
     * @param configs the sweep's groups, in order
     */
    public boolean run(String sweep, String specText, String specSource, List<SaeConfig> configs, Duration timeout) {
        topics.ensure(bootstrap, (short) 1);
        Set<String> pending = new HashSet<>();
        configs.stream().map(SaeConfig::groupId).filter(g -> !Files.isRegularFile(out.resolve(g).resolve(SummaryFile.NAME)))
                .forEach(pending::add);
        log.accept("coordinator: " + (configs.size() - pending.size()) + " of " + configs.size() + " groups already done in " + out);
        publish(sweep, specText, specSource, configs, pending);
        return collect(sweep, configs.size(), pending, timeout);
    }

    private void publish(String sweep, String specText, String specSource, List<SaeConfig> configs, Set<String> pending) {
        Set<String> published = publishedKeys(sweep);
        int sent = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaSettings.producer(bootstrap, "husai-coordinator"))) {
            for (int i = 0; i < configs.size(); i++) {
                String group = configs.get(i).groupId();
                WorkItem item = new WorkItem(sweep, group, i, configs.size(), specText, specSource);
                if (pending.contains(group) && !published.contains(item.key())) {
                    producer.send(new ProducerRecord<>(topics.work(), item.key(), item.toBytes()));
                    sent++;
                }
            }
            producer.flush();
        }
        log.accept("coordinator: published " + sent + " groups to " + topics.work() + " (" + (pending.size() - sent)
                + " were already there); start workers with: husai worker --bootstrap-servers " + bootstrap);
    }

    /** The keys on the work topic that belong to {@code sweep}, read from the start to the end. */
    private Set<String> publishedKeys(String sweep) {
        Set<String> keys = new HashSet<>();
        try (KafkaConsumer<String, byte[]> c = groupless()) {
            List<TopicPartition> parts = c.partitionsFor(topics.work()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (r.key() != null && r.key().startsWith(sweep + "/")) {
                        keys.add(r.key());
                    }
                }
            }
        }
        return keys;
    }

    private boolean collect(String sweep, int total, Set<String> pending, Duration timeout) {
        GroupAssembler assembler = new GroupAssembler(out, sweep);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> c = groupless()) {
            List<TopicPartition> parts = c.partitionsFor(topics.results()).stream().map(SweepCoordinator::partition).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    String group = GroupShipment.header(r.headers(), GroupShipment.GROUP);
                    if (group == null || !pending.contains(group)) {
                        continue;
                    }
                    if (assembler.accept(r) != null) {
                        pending.remove(group);
                        log.accept("coordinator: " + (total - pending.size()) + "/" + total + " done: " + group + " "
                                + verdict(out.resolve(group).resolve(SummaryFile.NAME)));
                    }
                }
            }
        }
        return pending.isEmpty();
    }

    private static String verdict(Path summary) {
        var c = SummaryFile.read(summary).result().convergence();
        return c == null ? "" : c.label();
    }

    private static TopicPartition partition(PartitionInfo p) {
        return new TopicPartition(p.topic(), p.partition());
    }

    /** A consumer outside any group, reading only committed transactions. */
    private KafkaConsumer<String, byte[]> groupless() {
        Map<String, Object> cfg = KafkaSettings.groupless(bootstrap);
        cfg.put("isolation.level", "read_committed");
        return new KafkaConsumer<>(cfg);
    }
}
