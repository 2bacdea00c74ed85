package dev.husai.app.cli;

import dev.husai.stream.kafka.HusaiTopics;
import picocli.CommandLine.Option;

/**
 * The topic flags of every command that names HUSAI topics ({@code --topic-prefix}, {@code --partitions}), as a
 * picocli mixin; {@link KafkaOptions} adds the cluster.
 */
public final class TopicOptions {
    @Option(names = "--topic-prefix", defaultValue = "husai", description = "topic names <prefix>.snapshots, <prefix>.metrics, "
            + "<prefix>.alerts, <prefix>.control, <prefix>.deadletter (default ${DEFAULT-VALUE})")
    String prefix;
    @Option(names = "--partitions", defaultValue = "4", description = "partitions of each topic when it is created "
            + "(default ${DEFAULT-VALUE})")
    int partitions;

    /** The five topic names under {@code --topic-prefix}, with {@code --partitions}. */
    public HusaiTopics topics() {
        return HusaiTopics.withPrefix(prefix, partitions);
    }
}
