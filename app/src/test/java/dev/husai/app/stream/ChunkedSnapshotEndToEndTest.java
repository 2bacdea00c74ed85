package dev.husai.app.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.protocol.SnapshotChunks;
import dev.husai.core.safetensors.DType;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.stream.analysis.AnalyzerOptions;
import dev.husai.stream.kafka.KafkaSettings;
import dev.husai.stream.kafka.KafkaSnapshotSink;
import dev.husai.stream.verticle.BrokerAndAnalyzer;
import dev.husai.trainer.sae.MultiSeedTrainer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Snapshots larger than one Kafka record (d_in 1024 x 1100 latents in F32: 9 MB) through the real broker and analyzer:
 * they travel as chunks and the analyzer publishes the same points as for whole snapshots.
 */
class ChunkedSnapshotEndToEndTest {
    @RegisterExtension
    final BrokerAndAnalyzer stack = BrokerAndAnalyzer.withTopics("chunked", 2);

    @Test
    void wideSnapshotsTravelInChunksAndAreAnalysed() throws Exception {
        int d = 1024;
        float[] data = new float[2048 * d];
        Random r = new Random(5);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) r.nextGaussian();
        }
        FloatMatrix acts = new FloatMatrix(2048, d, data);
        SaeConfig config = SaeConfig.builder(HookPoint.external("wide"), d).arch(SaeConfig.Arch.TOPK).dSae(1100).k(8)
                .lr(1e-3).batchSize(64).steps(4).snapshotEvery(2).seeds(List.of(0L, 1L)).build();
        stack.deployAnalyzer(AnalyzerOptions.defaults());
        try (KafkaSnapshotSink sink = KafkaSnapshotSink.create(stack.bootstrap(), stack.topics().snapshots(), DType.F32);
             MultiSeedTrainer t = new MultiSeedTrainer(config, acts, acts.gather(new int[] {0, 1, 2, 3}), null, sink, List.of())) {
            t.run();
            sink.flush();
        }
        int chunks = 0;
        int pairs = 0;
        long deadline = System.currentTimeMillis() + 60_000;
        try (KafkaConsumer<String, byte[]> c = KafkaSettings.grouplessConsumer(stack.bootstrap())) {
            List<TopicPartition> snaps = List.of(new TopicPartition(stack.topics().snapshots(), 0),
                    new TopicPartition(stack.topics().snapshots(), 1));
            c.assign(snaps);
            c.seekToBeginning(snaps);
            long end = c.endOffsets(snaps).values().stream().mapToLong(Long::longValue).sum();
            for (long read = 0; read < end && System.currentTimeMillis() < deadline; ) {
                for (ConsumerRecord<String, byte[]> rec : c.poll(Duration.ofMillis(200))) {
                    chunks += SnapshotChunks.isChunk(rec.value()) ? 1 : 0;
                    read++;
                }
            }
            List<TopicPartition> metrics = List.of(new TopicPartition(stack.topics().metrics(), 0),
                    new TopicPartition(stack.topics().metrics(), 1));
            c.assign(metrics);
            c.seekToBeginning(metrics);
            while (pairs < 2 && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> rec : c.poll(Duration.ofMillis(200))) {
                    JsonObject j = new JsonObject(new String(rec.value(), java.nio.charset.StandardCharsets.UTF_8));
                    if (j.getString("type").equals("pair")) {
                        pairs++;
                        assertTrue(j.getDouble("pw_mcc_dec") > 0, j.encode());
                    }
                }
            }
        }
        assertEquals(2 * 2 * 2, chunks, "2 seeds x 2 snapshots x 2 chunks of a 9 MB snapshot");
        assertEquals(2, pairs, "one pair point per snapshot step, from the joined chunks");
    }
}
