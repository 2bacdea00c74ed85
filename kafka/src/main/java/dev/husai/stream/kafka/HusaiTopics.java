package dev.husai.stream.kafka;

import java.util.List;
import java.util.Map;

/**
 * Names of the HUSAI topics (configurable, e.g. one set per experiment) and their partition count.
 *
 * @param snapshots  trainer -> analyzer; key = group id, value = safetensors snapshot
 * @param metrics    analyzer -> UI/InfluxDB; key = group id, value = JSON metric point
 * @param alerts     analyzer -> UI/trainer; key = group id, value = JSON alert with evidence
 * @param control    analyzer/UI -> trainer; key = group id, value = JSON control message
 * @param deadLetter rejected snapshot records, original key and value, reason in headers
 * @param partitions partitions of every topic (groups spread over partitions by key hash)
 */
public record HusaiTopics(String snapshots, String metrics, String alerts, String control, String deadLetter,
                          int partitions) {

    /** Default snapshot size limit: 16 MiB of payload. */
    public static final int MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024;
    /** Broker/topic limit: the payload limit plus room for record and batch overhead. */
    public static final int MAX_MESSAGE_BYTES = MAX_SNAPSHOT_BYTES + 64 * 1024;

    public HusaiTopics {
        for (String n : new String[] {snapshots, metrics, alerts, control, deadLetter}) {
            if (n == null || !n.matches("[a-zA-Z0-9._-]{1,249}")) {
                throw new IllegalArgumentException("expected a Kafka topic name ([a-zA-Z0-9._-]{1,249}), found " + n);
            }
        }
        if (List.of(snapshots, metrics, alerts, control, deadLetter).stream().distinct().count() != 5) {
            throw new IllegalArgumentException("expected 5 distinct topic names, found " + List.of(snapshots, metrics,
                    alerts, control, deadLetter));
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("expected partitions >= 1, found " + partitions);
        }
    }

    /** {@code husai.snapshots, husai.metrics, husai.alerts, husai.control, husai.deadletter}, 4 partitions. */
    public static HusaiTopics defaults() {
        return withPrefix("husai", 4);
    }

    /** All five names under one prefix, e.g. {@code test1.snapshots}. */
    public static HusaiTopics withPrefix(String prefix, int partitions) {
        return new HusaiTopics(prefix + ".snapshots", prefix + ".metrics", prefix + ".alerts", prefix + ".control",
                prefix + ".deadletter", partitions);
    }

    /**
     * From a JSON object's map ({@code prefix} or the single names, {@code partitions}; missing keys take the
     * defaults).
     */
    public static HusaiTopics fromMap(Map<String, Object> json) {
        Object partitions = json.getOrDefault("partitions", 4);
        if (!(partitions instanceof Number n) || n.intValue() != n.doubleValue()) {
            throw new IllegalArgumentException("expected topics.partitions an integer, found " + partitions);
        }
        HusaiTopics d = withPrefix(text(json, "prefix", "husai"), n.intValue());
        return new HusaiTopics(text(json, "snapshots", d.snapshots), text(json, "metrics", d.metrics),
                text(json, "alerts", d.alerts), text(json, "control", d.control),
                text(json, "deadLetter", d.deadLetter), d.partitions);
    }

    private static String text(Map<String, Object> json, String key, String fallback) {
        Object v = json.get(key);
        return v == null ? fallback : v.toString();
    }

    /** Every topic name. */
    public List<String> all() {
        return List.of(snapshots, metrics, alerts, control, deadLetter);
    }
}
