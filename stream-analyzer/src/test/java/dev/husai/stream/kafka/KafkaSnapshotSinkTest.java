package dev.husai.stream.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.protocol.ControlMessage;
import dev.husai.core.protocol.SnapshotChunks;
import dev.husai.core.safetensors.DType;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.stream.analysis.Snapshots;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSnapshotSinkTest {
    @TempDir
    Path tmp;

    static SaeSnapshot snap(long seed, long step) {
        return Snapshots.snapshot("g", seed, step, Snapshots.random(Snapshots.F, Snapshots.D, seed * 1000 + step), Map.of());
    }

    @Test
    void blocksWhenTooManyUnacknowledgedAndSurfacesFailures() throws Exception {
        MockProducer<String, byte[]> mock = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
        KafkaSnapshotSink sink = new KafkaSnapshotSink(mock, "s", DType.F16, 2);
        sink.accept(snap(0, 1));
        sink.accept(snap(1, 1));
        Thread third = new Thread(() -> sink.accept(snap(2, 1)));
        third.start();
        third.join(300);
        assertTrue(third.isAlive(), "third snapshot waits for an acknowledgement (backpressure)");
        assertTrue(mock.completeNext());
        third.join(5000);
        assertFalse(third.isAlive());
        assertEquals(3, mock.history().size());
        assertEquals("g", mock.history().get(0).key());
        assertEquals(snap(0, 1).weights().dSae(), SaeSnapshot.decode(mock.history().get(0).value()).weights().dSae());
        assertTrue(mock.errorNext(new RuntimeException("broker gone")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sink.accept(snap(0, 2)));
        assertTrue(e.getMessage().startsWith("expected snapshot g/seed 1/step 1 to be acknowledged by Kafka, found"),
                e.getMessage());
        assertEquals(1, sink.acknowledged());
    }

    @Test
    void aSnapshotLargerThanOneRecordGoesInChunksThatJoinBackIntoIt() {
        MockProducer<String, byte[]> mock = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        KafkaSnapshotSink sink = new KafkaSnapshotSink(mock, "s", DType.F32, 2);
        FloatMatrix dec = FloatMatrix.zeros(16384, 128);
        SaeSnapshot big = Snapshots.snapshot("g", 0, 1, new SaeWeights(dec.transpose(), dec, new float[16384],
                new float[128], null), Map.of());
        byte[] whole = big.encode(DType.F32);
        sink.accept(big);
        List<ProducerRecord<String, byte[]>> sent = mock.history();
        assertEquals((whole.length + SnapshotChunks.CHUNK_BYTES - 1) / SnapshotChunks.CHUNK_BYTES, sent.size(),
                "16.8 MB in 8 MiB chunks");
        assertTrue(sent.stream().allMatch(r -> r.key().equals("g") && SnapshotChunks.isChunk(r.value())));
        assertEquals(1, sink.acknowledged(), "one snapshot, acknowledged with its last chunk");
        SnapshotChunks.Assembler a = new SnapshotChunks.Assembler(4);
        byte[] joined = null;
        for (ProducerRecord<String, byte[]> r : sent) {
            joined = a.offer(r.key(), r.value()).bytes();
        }
        assertArrayEquals(whole, joined);
    }

    @Test
    void brokerStoppedAndRestartedMidRunLosesNoSnapshotAndControlReachesTheTrainer() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(tmp);
        try {
            HusaiTopics topics = HusaiTopics.withPrefix("f1", 2);
            TopicSetup.ensure(kafka.bootstrapServers(), topics, (short) 1);
            List<ControlMessage> got = new CopyOnWriteArrayList<>();
            try (ControlListener control = new ControlListener(kafka.bootstrapServers(), topics.control(), "g", got::add).start();
                 KafkaSnapshotSink sink = KafkaSnapshotSink.create(kafka.bootstrapServers(), topics.snapshots(), DType.F16)) {
                for (long step = 1; step <= 30; step++) {
                    if (step == 11) {
                        kafka.stop();
                        Thread restart = new Thread(() -> {
                            sleep(2500);
                            kafka.start();
                        });
                        restart.start();
                    }
                    for (long seed = 0; seed < 2; seed++) {
                        sink.accept(snap(seed, step));
                    }
                }
                sink.flush();
                assertEquals(60, sink.acknowledged());
                sendControl(kafka, topics.control());
                long deadline = System.currentTimeMillis() + 15_000;
                while (got.isEmpty() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                Thread.sleep(500);
                assertEquals(List.of(new ControlMessage("stop", "g", 3, "test", 7)), got);
                assertEquals(1, control.malformed());
            }
            List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(kafka.bootstrapServers(), topics.snapshots());
            Set<String> ids = new HashSet<>();
            for (ConsumerRecord<String, byte[]> r : records) {
                SaeSnapshot s = SaeSnapshot.decode(r.value());
                ids.add(s.meta("seed", "") + "/" + s.meta("step", ""));
            }
            assertEquals(60, records.size(), "every snapshot exactly once (idempotent producer)");
            assertEquals(60, ids.size());
        } finally {
            kafka.close();
        }
    }

    private static void sendControl(EmbeddedKafka kafka, String topic) throws Exception {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(KafkaSettings.producer(kafka.bootstrapServers(), "c"))) {
            p.send(new ProducerRecord<>(topic, "other", new ControlMessage("stop", "other", 1, "x", 1).encode()
                    .getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            p.send(new ProducerRecord<>(topic, "g", "{broken".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            p.send(new ProducerRecord<>(topic, "g", new ControlMessage("stop", "g", 3, "test", 7).encode()
                    .getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
