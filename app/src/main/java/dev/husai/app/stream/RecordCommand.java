package dev.husai.app.stream;

import dev.husai.stream.replay.Recorder;
import dev.husai.stream.replay.Recording;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import dev.husai.app.cli.KafkaOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code husai record --group G --out FILE}: a group's snapshot records from Kafka retention into a file. */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Record a group's snapshot stream (Kafka retention, from offset 0 to now) into a file.")
public final class RecordCommand implements Callable<Integer> {
    @Option(names = "--group", required = true, description = "group id (the record key)")
    String group;
    @Option(names = "--out", required = true, description = "recording file to write")
    Path out;
    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Override
    public Integer call() {
        String topic = kafka.topics().snapshots();
        String bootstrap = kafka.bootstrapOr(KafkaOptions.LOCAL_BROKER);
        List<Recording.Entry> entries = Recorder.fromRetention(bootstrap, topic, group);
        String options = Recorder.runOptions(bootstrap, kafka.topics().metrics(), group);
        Recording.write(out, new Recording.Contents(options, entries));
        System.out.println("husai record: " + entries.size() + " records of group " + group + " from " + topic + " -> " + out
                + (options == null ? "; no group point on " + kafka.topics().metrics() + ", so replays use their default "
                + "analyzer options" : "; analyzer options of the run (tau, matcher) recorded from " + kafka.topics().metrics()));
        return entries.isEmpty() ? 1 : 0;
    }
}
