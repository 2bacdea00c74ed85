package dev.husai.app.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.safetensors.DType;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.snapshot.SnapshotSink;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.stream.analysis.AlertPolicy;
import dev.husai.stream.analysis.AnalyzerOptions;
import dev.husai.stream.kafka.ControlListener;
import dev.husai.stream.kafka.HusaiTopics;
import dev.husai.stream.kafka.KafkaSettings;
import dev.husai.stream.kafka.KafkaSnapshotSink;
import dev.husai.stream.verticle.BrokerAndAnalyzer;
import dev.husai.trainer.sae.MultiSeedTrainer;
import dev.husai.trainer.sae.ProgressListener;
import dev.husai.trainer.sae.SaeProgress;
import dev.husai.trainer.testbed.ActivationExtractor;
import dev.husai.trainer.testbed.TestbedCheckpoint;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The end-to-end check with the REAL multi-seed trainer on the grokked testbed (resid_post, 4 seeds):
 * snapshots through Kafka, the analyzer publishes the expected points per step, seed 3's snapshot at step 100
 * is corrupted with NaN on its way to Kafka, the analyzer sends stop, the trainer stops seed 3 and the other
 * seeds finish.
 */
class TrainerPipelineEndToEndTest {
    static final int NAN_STEP = 100;
    static final long NAN_SEED = 3;
    @RegisterExtension
    final BrokerAndAnalyzer stack = BrokerAndAnalyzer.withTopics("real", 2);

    @Test
    void nanSeedIsStoppedByTheAnalyzerWhileOthersFinish() throws Exception {
        FloatMatrix acts = ActivationExtractor.extract(TestbedCheckpoint.shipped().weights()).at(HookPoint.RESID_POST);
        SaeConfig config = SaeConfig.builder(HookPoint.RESID_POST, 128).arch(SaeConfig.Arch.TOPK).expansion(4).k(8)
                .lr(1e-3).batchSize(256).steps(200).snapshotEvery(25).seeds(List.of(1L, 2L, 3L, 4L)).deadWindow(50).build();
        HusaiTopics topics = stack.topics();
        String bootstrap = stack.bootstrap();
        stack.deployAnalyzer(AnalyzerOptions.defaults().withPolicy(AlertPolicy.ALERT_AND_STOP));
        Set<Long> stopRequests = ConcurrentHashMap.newKeySet();
        AtomicReference<MultiSeedTrainer> trainer = new AtomicReference<>();
        Map<Long, MultiSeedTrainer.SeedResult> results;
        try (KafkaSnapshotSink kafkaSink = KafkaSnapshotSink.create(bootstrap, topics.snapshots(), DType.F32);
             ControlListener control = new ControlListener(bootstrap, topics.control(), config.groupId(), m -> {
                 stopRequests.add(m.seed());
                 trainer.get().stop(m.seed());
             }).start()) {
            SnapshotSink corrupting = s -> kafkaSink.accept(corruptIfDue(s));
            ProgressListener waitForStop = new WaitForStop(kafkaSink, stopRequests);
            try (MultiSeedTrainer t = new MultiSeedTrainer(config, acts, null, null, corrupting, List.of(waitForStop))) {
                trainer.set(t);
                results = t.run();
            }
        }
        assertEquals(Set.of(NAN_SEED), stopRequests);
        assertTrue(results.get(NAN_SEED).stoppedReason().startsWith("stopped by request"), results.get(NAN_SEED).toString());
        for (long seed : List.of(1L, 2L, 4L)) {
            assertNull(results.get(seed).stoppedReason());
            assertEquals(200, results.get(seed).lastStep());
        }
        List<JsonObject> metrics = readMetrics(bootstrap, topics.metrics(), 8);
        for (int step = 25; step <= 200; step += 25) {
            int s = step;
            long pairs = metrics.stream().filter(j -> j.getString("type").equals("pair") && j.getLong("step") == s).count();
            assertEquals(step < NAN_STEP ? 6 : 3, pairs, "pairs at step " + step);
            List<JsonObject> group = metrics.stream().filter(j -> j.getString("type").equals("group") && j.getLong("step") == s).toList();
            assertEquals(1, group.size(), "one group point at step " + step);
            assertEquals(step < NAN_STEP ? 4 : 3, group.get(0).getInteger("seeds"));
        }
    }

    static SaeSnapshot corruptIfDue(SaeSnapshot s) {
        if (!s.meta("seed", "").equals(Long.toString(NAN_SEED)) || !s.meta("step", "").equals(Integer.toString(NAN_STEP))) {
            return s;
        }
        SaeWeights w = s.weights();
        float[] dec = w.wDecFD().data().clone();
        dec[0] = Float.NaN;
        return new SaeSnapshot(s.metadata(), new SaeWeights(w.wEncDF(), new FloatMatrix(w.dSae(), w.dIn(), dec),
                w.bEncF(), w.bDecD(), w.thresholdF()));
    }

    /** After the corrupted step, holds the training loop until the analyzer's stop has arrived (at most 30 s). */
    record WaitForStop(KafkaSnapshotSink sink, Set<Long> stopRequests) implements ProgressListener {
        @Override
        public void onProgress(SaeProgress p) {
            if (p.step() != NAN_STEP) {
                return;
            }
            sink.flush();
            long deadline = System.currentTimeMillis() + 30_000;
            while (!stopRequests.contains(NAN_SEED) && System.currentTimeMillis() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    static List<JsonObject> readMetrics(String bootstrap, String topic, int groupPoints) throws InterruptedException {
        List<JsonObject> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = KafkaSettings.grouplessConsumer(bootstrap)) {
            List<TopicPartition> parts = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.currentTimeMillis() + 60_000;
            while (out.stream().filter(j -> j.getString("type").equals("group")).count() < groupPoints
                    && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(r -> out.add(new JsonObject(new String(r.value(), StandardCharsets.UTF_8))));
            }
            Thread.sleep(500);
            c.poll(Duration.ofMillis(500)).forEach(r -> out.add(new JsonObject(new String(r.value(), StandardCharsets.UTF_8))));
        }
        return out;
    }
}
