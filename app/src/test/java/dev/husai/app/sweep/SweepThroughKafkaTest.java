package dev.husai.app.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.app.Husai;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.stream.kafka.EmbeddedKafka;
import dev.husai.stream.kafka.HusaiTopics;
import dev.husai.stream.kafka.KafkaSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code husai sweep --bootstrap-servers}: every snapshot of every group also goes through Kafka (what the UI shows live). */
class SweepThroughKafkaTest {
    @TempDir
    Path tmp;

    @Test
    void everyGroupsSnapshotsReachTheSnapshotTopicAndTheSweepIsSummarised() throws Exception {
        Path file = Files.writeString(tmp.resolve("s.yaml"), "name: k\nseeds: 0..1\nsteps: 30\nsnapshot_every: 15\n"
                + "batch_size: 256\ngrid:\n  - arch: [topk, batch_topk]\n    expansion: 4\n    k: 8\n");
        Path out = tmp.resolve("out");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp)) {
            int code = Husai.commandLine().execute("sweep", file.toString(), "--out", out.toString(),
                    "--bootstrap-servers", kafka.bootstrapServers());
            assertEquals(0, code);
            Map<String, TreeSet<String>> seen = snapshotsOnTheTopic(kafka.bootstrapServers());
            assertEquals(2, seen.size(), "both groups published: " + seen.keySet());
            for (TreeSet<String> seedSteps : seen.values()) {
                assertTrue(seedSteps.containsAll(java.util.List.of("0@15", "0@30", "1@15", "1@30")), seedSteps.toString());
            }
        }
        try (var groups = Files.list(out)) {
            assertEquals(2, groups.filter(g -> Files.isRegularFile(g.resolve(SummaryFile.NAME))).count());
        }
    }

    private static Map<String, TreeSet<String>> snapshotsOnTheTopic(String bootstrap) {
        Map<String, Object> cfg = KafkaSettings.consumer(bootstrap, "sweep-test");
        cfg.put("auto.offset.reset", "earliest");
        Map<String, TreeSet<String>> seen = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(cfg)) {
            c.subscribe(java.util.List.of(HusaiTopics.defaults().snapshots()));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline && seen.values().stream().mapToInt(TreeSet::size).sum() < 8) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    SaeSnapshot s = SaeSnapshot.decode(r.value());
                    seen.computeIfAbsent(r.key(), k -> new TreeSet<>()).add(s.meta("seed", "?") + "@" + s.meta("step", "?"));
                }
            }
        }
        return seen;
    }
}
