package dev.husai.app.stream;

import dev.husai.stream.kafka.KafkaSettings;
import dev.husai.stream.replay.Recorder;
import dev.husai.stream.replay.Recording;
import dev.husai.stream.replay.Replayer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import dev.husai.app.cli.KafkaOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code husai replay FILE [--speed 10x]} or {@code husai replay --from-retention G}: re-publish under a new run id. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-publish a recorded stream (file, or a group's Kafka retention) under a new run id; the "
                + "analyzer computes the same curves for group <group>@<run-id>.")
public final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "recording written by husai record")
    Path file;
    @Option(names = "--from-retention", paramLabel = "GROUP", description = "replay this group from Kafka retention instead")
    String fromRetention;
    @Option(names = "--speed", defaultValue = "max", description = "e.g. 1x, 10x, or max (no pacing)")
    String speed;
    @Option(names = "--run-id", description = "new run id (default: replay-<time>)")
    String runId;
    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Override
    public Integer call() throws Exception {
        if ((file == null) == (fromRetention == null)) {
            throw new IllegalArgumentException("expected either FILE or --from-retention GROUP, found "
                    + (file == null ? "neither" : "both"));
        }
        String topic = kafka.topics().snapshots();
        String bootstrapServers = kafka.bootstrapOr(KafkaOptions.LOCAL_BROKER);
        List<Recording.Entry> entries = file != null ? Recording.read(file)
                : Recorder.fromRetention(bootstrapServers, topic, fromRetention);
        String run = runId != null ? runId : "replay-" + System.currentTimeMillis();
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(KafkaSettings.producer(bootstrapServers, "husai-replay"))) {
            int n = Replayer.replay(entries, p, topic, run, parseSpeed(speed));
            System.out.println("husai replay: " + n + " records -> " + topic + " under run id " + run);
        }
        return 0;
    }

    /** {@code max} -> 0 (unpaced); {@code 10x} or {@code 10} -> 10. */
    static double parseSpeed(String s) {
        String v = s.toLowerCase(Locale.ROOT);
        if (v.equals("max")) {
            return 0;
        }
        try {
            double x = Double.parseDouble(v.endsWith("x") ? v.substring(0, v.length() - 1) : v);
            if (x > 0) {
                return x;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected --speed like 1x, 10x or max, found " + s);
    }
}
