package dev.husai.stream.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.safetensors.DType;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.stream.analysis.AnalyzerOptions;
import dev.husai.stream.analysis.MatcherChoice;
import dev.husai.stream.analysis.Snapshots;
import dev.husai.stream.kafka.HusaiTopics;
import dev.husai.stream.kafka.KafkaSettings;
import dev.husai.stream.kafka.TopicReader;
import dev.husai.stream.verticle.BrokerAndAnalyzer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {
    static final String G = "live-group";
    @TempDir
    Path tmp;
    @RegisterExtension
    final BrokerAndAnalyzer stack = BrokerAndAnalyzer.withTopics("rp", 2);

    @Test
    void recordingRoundTripsAndTruncationIsReported() throws Exception {
        Path f = tmp.resolve("r.husairec");
        List<Recording.Entry> in = List.of(new Recording.Entry(5, "g", new byte[] {1, 2, 3}), new Recording.Entry(9, "g", new byte[0]));
        Recording.write(f, in);
        List<Recording.Entry> out = Recording.read(f);
        assertEquals(2, out.size());
        assertEquals(9, out.get(1).timestampMs());
        assertArrayEquals(new byte[] {1, 2, 3}, out.get(0).value());
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 2));
        assertThrows(IllegalArgumentException.class, () -> Recording.read(f));
        Files.writeString(f, "not a recording");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Recording.read(f));
        assertTrue(e.getMessage().startsWith("expected a HUSAI recording"), e.getMessage());
    }

    @Test
    void recordedStreamReplayedUnderNewRunGivesIdenticalCurves() throws Exception {
        HusaiTopics topics = stack.topics();
        String bootstrap = stack.bootstrap();
        AnalyzerOptions run = AnalyzerOptions.defaults().withTau(0.5);
        stack.deployAnalyzer(run);
        FloatMatrix base = Snapshots.gaussian(Snapshots.F, Snapshots.D, 5);
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(KafkaSettings.producer(bootstrap, "t"))) {
            for (long step = 10; step <= 50; step += 10) {
                for (long seed = 0; seed < 3; seed++) {
                    byte[] v = Snapshots.snapshot(G, seed, step, Snapshots.stable(base, seed * 31 + step, 0.4),
                            Map.of("mse", Double.toString(0.1 / step))).encode(DType.F16);
                    p.send(new ProducerRecord<>(topics.snapshots(), G, v)).get(30, TimeUnit.SECONDS);
                }
            }
        }
        List<String> live = curves(bootstrap, topics, G, 5);
        Path file = tmp.resolve("live.husairec");
        String options = Recorder.runOptions(bootstrap, topics.metrics(), G);
        assertEquals(run.withMatcher(MatcherChoice.EXACT).toJson().encode(), options, "the run's tau and matcher");
        Recording.write(file, new Recording.Contents(options, Recorder.fromRetention(bootstrap, topics.snapshots(), G)));
        assertEquals(options, Recording.readAll(file).analyzerOptions());
        List<Recording.Entry> entries = Recording.read(file);
        assertEquals(15, entries.size());
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(KafkaSettings.producer(bootstrap, "r"))) {
            assertEquals(15, Replayer.replay(entries, p, topics.snapshots(), "run2", 0));
        }
        List<String> replayed = curves(bootstrap, topics, Replayer.replayGroup(G, "run2"), 5);
        assertEquals(5 * (3 + 1 + 3) + 4 * 3, live.size());
        assertEquals(live, replayed, "bit-for-bit the same points");
    }

    /** The group's metric points in publication order, without group id and trigger provenance. */
    private static List<String> curves(String bootstrap, HusaiTopics topics, String group, int groupPoints)
            throws InterruptedException {
        return TopicReader.awaitRecords(bootstrap, topics.metrics(), 30_000,
                        l -> l.stream().filter(r -> r.key().equals(group)).map(ReplayTest::json)
                                .filter(j -> j.getString("type").equals("group")).count() >= groupPoints)
                .stream().filter(r -> r.key().equals(group)).map(ReplayTest::json).map(j -> {
                    j.remove("group");
                    j.remove("trigger_ts");
                    j.remove("trigger_offset");
                    j.remove("trigger_partition");
                    return j.encode();
                }).toList();
    }

    private static JsonObject json(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> r) {
        return new JsonObject(new String(r.value(), StandardCharsets.UTF_8));
    }
}
