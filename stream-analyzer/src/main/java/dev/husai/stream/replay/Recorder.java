package dev.husai.stream.replay;

import dev.husai.stream.analysis.AnalyzerOptions;
import dev.husai.stream.analysis.MatcherChoice;
import dev.husai.stream.kafka.KafkaSettings;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads one group's snapshot records from Kafka retention (offset 0 up to the end offsets at the time of the
 * call) in partition order. Used by {@code husai record} and by replay from retention.
 */
public final class Recorder {

    private Recorder() {
    }

    /** The retained records of {@code group} in {@code topic}, in offset order. */
    public static List<Recording.Entry> fromRetention(String bootstrapServers, String topic, String group) {
        return retained(bootstrapServers, topic, group).stream()
                .map(r -> new Recording.Entry(r.timestamp(), r.key(), r.value())).toList();
    }

    /**
     * The analyzer options the live run used for {@code group}, as far as its curves depend on them: the {@code tau}
     * and the matcher ({@code method}) of the group's latest {@code group} point on {@code metricsTopic}, over the
     * defaults ({@link AnalyzerOptions#toJson}); null when the topic holds no group point of the group.
     */
    public static String runOptions(String bootstrapServers, String metricsTopic, String group) {
        JsonObject last = null;
        for (ConsumerRecord<String, byte[]> r : retained(bootstrapServers, metricsTopic, group)) {
            try {
                JsonObject j = new JsonObject(new String(r.value(), StandardCharsets.UTF_8));
                if ("group".equals(j.getValue("type")) && j.getValue("tau") instanceof Number) {
                    last = j;
                }
            } catch (DecodeException e) {
                // not a metric point: the UI's feed counts it; here it tells nothing about the options
            }
        }
        if (last == null) {
            return null;
        }
        return AnalyzerOptions.defaults().withTau(last.getDouble("tau"))
                .withMatcher(MatcherChoice.parse(last.getString("method", "exact"))).toJson().encode();
    }

    private static List<ConsumerRecord<String, byte[]>> retained(String bootstrapServers, String topic, String group) {
        List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = KafkaSettings.grouplessConsumer(bootstrapServers)) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("expected topic " + topic + " on " + bootstrapServers + ", found none");
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.currentTimeMillis() + 300_000;
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("expected to read " + topic + " to its end within 300 s, found it unfinished");
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (group.equals(r.key()) && r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        got.add(r);
                    }
                }
            }
        }
        got.sort(Comparator.comparingLong(ConsumerRecord::offset));
        return got;
    }
}
