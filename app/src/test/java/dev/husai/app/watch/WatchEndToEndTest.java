package dev.husai.app.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.app.Husai;
import dev.husai.core.safetensors.DType;
import dev.husai.stream.analysis.SnapshotCheck;
import dev.husai.stream.kafka.EmbeddedKafka;
import dev.husai.stream.kafka.HusaiTopics;
import dev.husai.stream.kafka.KafkaSettings;
import dev.husai.stream.kafka.KafkaSnapshotSink;
import dev.husai.stream.kafka.TopicSetup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code husai watch} against the embedded broker: while the watcher runs, the test writes SAELens step folders for
 * two seeds and sparsify in-place checkpoints for two others; every checkpoint reaches the snapshots topic once,
 * keyed by its group, and passes the analyzer's edge check. Then the CLI ({@code --once}) publishes a SAELens run
 * and, run again on the same state file, publishes nothing.
 */
class WatchEndToEndTest {
    @TempDir Path tmp;

    @Test
    void checkpointsWrittenWhileWatchingReachTheTopicOnce() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(tmp);
        try {
            HusaiTopics topics = HusaiTopics.withPrefix("husai", 1);
            TopicSetup.ensure(kafka.bootstrapServers(), topics, (short) 1);
            Path lens = tmp.resolve("lens");
            Path spars = tmp.resolve("spars");
            List<Path> lensSeeds = List.of(lens.resolve("seed-1"), lens.resolve("seed-2"));
            List<Path> sparsSeeds = List.of(spars.resolve("seed-3"), spars.resolve("seed-4"));
            try (KafkaSnapshotSink sink = KafkaSnapshotSink.create(kafka.bootstrapServers(), topics.snapshots(), DType.F16)) {
                CheckpointWatcher a = new CheckpointWatcher(lensSeeds, "lens", sink, PublishedLog.open(tmp.resolve("a"), "lens"),
                        200, System::currentTimeMillis, System.out::println);
                CheckpointWatcher b = new CheckpointWatcher(sparsSeeds, "spars", sink, PublishedLog.open(tmp.resolve("b"), "spars"),
                        200, System::currentTimeMillis, System.out::println);
                Thread watching = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        a.poll();
                        b.poll();
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "watch");
                watching.start();
                for (int step = 1; step <= 2; step++) {
                    for (int s = 0; s < 2; s++) {
                        ExternalRun.saeLensStep(lensSeeds.get(s), 4096L * step, s + 1);
                        ExternalRun.sparsifyStep(sparsSeeds.get(s), 1000 * step, s + 3);
                    }
                    Thread.sleep(1500);
                }
                watching.interrupt();
                watching.join(10_000);
                sink.flush();
            }
            assertEquals(new TreeSet<>(List.of("lens/1/4096", "lens/1/8192", "lens/2/4096", "lens/2/8192",
                    "spars/3/1000", "spars/3/2000", "spars/4/1000", "spars/4/2000")), new TreeSet<>(readIds(kafka, topics, 8)));
            String[] args = {"watch", "--once", "--settle-ms", "100", "--bootstrap-servers", kafka.bootstrapServers(),
                "--group", "lens-cli", "--state", tmp.resolve("cli-state").toString(),
                lensSeeds.get(0).toString(), lensSeeds.get(1).toString()};
            assertEquals(0, Husai.commandLine().execute(args));
            assertEquals(12, readIds(kafka, topics, 12).size());
            assertEquals(0, Husai.commandLine().execute(args));
            assertEquals(12, readIds(kafka, topics, 13).size(), "a second run on the same state file sends nothing");
        } finally {
            kafka.close();
        }
    }

    /** group/seed/step of every record on the snapshots topic (waiting up to 20 s for {@code expected}), each checked. */
    private static List<String> readIds(EmbeddedKafka kafka, HusaiTopics topics, int expected) {
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = KafkaSettings.grouplessConsumer(kafka.bootstrapServers())) {
            List<TopicPartition> parts = List.of(new TopicPartition(topics.snapshots(), 0));
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.currentTimeMillis() + (expected > 12 ? 3_000 : 20_000);
            while (ids.size() < expected && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    SnapshotCheck.Result check = SnapshotCheck.check(r.key(), r.value());
                    assertTrue(check.accepted(), check.reason());
                    ids.add(r.key() + "/" + check.seed() + "/" + check.step());
                });
            }
        }
        return ids;
    }
}
