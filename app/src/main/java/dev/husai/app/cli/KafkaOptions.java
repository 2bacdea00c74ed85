package dev.husai.app.cli;

import dev.husai.stream.kafka.HusaiTopics;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The Kafka flags shared by {@code serve}, {@code analyzer}, {@code train}, {@code record}, {@code replay},
 * {@code broker}, {@code watch}, {@code sweep} and {@code worker}:
 * {@code --bootstrap-servers} plus the {@link TopicOptions}. What an absent {@code --bootstrap-servers} means is the
 * command's choice ({@link #bootstrapServers()} is then null, {@link #bootstrapOr} names a fallback): an embedded
 * broker (serve, analyzer), the local {@code husai broker} (record, replay), no Kafka at all (train, sweep), or an
 * error (worker).
 */
public final class KafkaOptions {
    /** Where {@code husai broker} listens by default. */
    public static final String LOCAL_BROKER = "127.0.0.1:9092";

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka cluster (absent: an embedded broker for serve and analyzer, " + LOCAL_BROKER
                    + " for record and replay, no Kafka for train and sweep; required by worker)")
    String bootstrapServers;
    @Mixin
    TopicOptions topicOptions = new TopicOptions();

    /** {@code --bootstrap-servers}, or null when absent. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** {@code --bootstrap-servers}, or {@code fallback} when absent. */
    public String bootstrapOr(String fallback) {
        return bootstrapServers != null ? bootstrapServers : fallback;
    }

    /** The topics under {@code --topic-prefix} with {@code --partitions}. */
    public HusaiTopics topics() {
        return topicOptions.topics();
    }
}
