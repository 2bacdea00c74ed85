package dev.husai.app.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.safetensors.DType;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.stream.analysis.AnalyzerOptions;
import dev.husai.stream.kafka.EmbeddedKafka;
import dev.husai.stream.kafka.HusaiTopics;
import dev.husai.stream.kafka.KafkaSettings;
import dev.husai.stream.kafka.KafkaSnapshotSink;
import dev.husai.stream.kafka.TopicReader;
import dev.husai.stream.verticle.BrokerAndAnalyzer;
import dev.husai.trainer.sae.MultiSeedTrainer;
import dev.husai.trainer.sae.ProgressListener;
import dev.husai.trainer.sae.SaeProgress;
import dev.husai.trainer.testbed.ActivationExtractor;
import dev.husai.trainer.testbed.TestbedCheckpoint;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fault tests of the whole pipeline under the REAL multi-seed trainer (shipped testbed, resid_post, 3 seeds,
 * TopK 4x, 300 steps, a snapshot every 5 steps = 180 snapshots): the broker is killed and restarted mid-run, and
 * the analyzer is undeployed and redeployed mid-run. Either way every snapshot is on the snapshots topic exactly
 * once, and every per-step metric (pair, group, seed, drift) covers exactly the snapshot steps, none twice.
 */
class FaultToleranceEndToEndTest {
    static final List<Long> SEEDS = List.of(1L, 2L, 3L);
    static final int STEPS = 300;
    static final int EVERY = 5;
    /** The trainer is held here until the fault is in place. */
    static final int FAULT_STEP = 100;
    /** Unacknowledged snapshots the sink allows (as {@link KafkaSnapshotSink#create}) before it blocks the trainer. */
    static final int MAX_IN_FLIGHT = 16;
    /** With the broker down from {@link #FAULT_STEP}: the step of snapshot MAX_IN_FLIGHT + 1, the latest it may block at. */
    static final int HELD_STEP = FAULT_STEP + EVERY * (MAX_IN_FLIGHT / SEEDS.size() + 1);
    /** How long the broker stays down after the trainer's first snapshot step past the fault. */
    static final long OUTAGE_MS = 3_000;
    static FloatMatrix acts;
    /** Rows for the snapshot metrics: the first 1024 of the p^2 (keeps the per-snapshot evaluation cheap). */
    static FloatMatrix evalRows;
    @RegisterExtension
    final BrokerAndAnalyzer stack = BrokerAndAnalyzer.withTopics("fault", 2);

    @BeforeAll
    static void activations() {
        acts = ActivationExtractor.extract(TestbedCheckpoint.shipped().weights()).at(HookPoint.RESID_POST);
        evalRows = new FloatMatrix(1024, acts.cols(), Arrays.copyOf(acts.data(), 1024 * acts.cols()));
    }

    static SaeConfig config() {
        return SaeConfig.builder(HookPoint.RESID_POST, acts.cols()).arch(SaeConfig.Arch.TOPK).expansion(4).k(8)
                .lr(1e-3).batchSize(128).steps(STEPS).snapshotEvery(EVERY).seeds(SEEDS).deadWindow(50).build();
    }

    @Test
    void brokerKilledAndRestartedMidRunLosesAndDuplicatesNothing() throws Exception {
        HusaiTopics topics = stack.topics();
        EmbeddedKafka kafka = stack.kafka();
        stack.deployAnalyzer(AnalyzerOptions.defaults());
        Gate gate = new Gate();
        try (KafkaSnapshotSink sink = sink(kafka, topics);
             MultiSeedTrainer trainer = new MultiSeedTrainer(config(), acts, evalRows, null, sink, List.of(gate))) {
            FutureTask<Map<Long, MultiSeedTrainer.SeedResult>> run = start(trainer);
            gate.awaitReached();
            waitUntil(() -> sink.acknowledged() == FAULT_STEP / EVERY * SEEDS.size(), 30_000,
                    "every snapshot before the fault to be acknowledged");
            int heldAt = outage(kafka, gate, trainer);
            assertTrue(heldAt <= HELD_STEP, "expected the trainer held by the sink by step " + HELD_STEP
                    + " while the broker was down, found it at step " + heldAt);
            assertEveryoneFinished(run.get(120, TimeUnit.SECONDS));
            sink.flush();
            assertEquals(STEPS / EVERY * SEEDS.size(), sink.acknowledged(), "snapshots acknowledged by the broker");
        }
        assertEveryPointExactlyOnce(stack);
    }

    @Test
    void analyzerRestartedMidRunLosesAndDuplicatesNothing() throws Exception {
        HusaiTopics topics = stack.topics();
        EmbeddedKafka kafka = stack.kafka();
        String first = stack.deployAnalyzer(AnalyzerOptions.defaults());
        Gate gate = new Gate();
        try (KafkaSnapshotSink sink = sink(kafka, topics);
             MultiSeedTrainer trainer = new MultiSeedTrainer(config(), acts, evalRows, null, sink, List.of(gate))) {
            FutureTask<Map<Long, MultiSeedTrainer.SeedResult>> run = start(trainer);
            gate.awaitReached();
            waitUntil(() -> TopicReader.readAll(kafka.bootstrapServers(), topics.metrics()).size() >= 50, 60_000,
                    "points from the first analyzer");
            gate.release();
            stack.undeploy(first);
            waitUntil(() -> trainer.step() >= FAULT_STEP + 5 * EVERY, 30_000, "the trainer to go on with no analyzer");
            stack.deployAnalyzer(AnalyzerOptions.defaults());
            assertEveryoneFinished(run.get(120, TimeUnit.SECONDS));
        }
        assertEveryPointExactlyOnce(stack);
    }

    /**
     * Stops the broker, releases the trainer, keeps the broker down {@link #OUTAGE_MS} past the trainer's next snapshot
     * step, restarts it (same data and port, also if the wait failed); returns the trainer's step before the restart.
     * The trainer blocks in the sink meanwhile: on its bound, or in {@code send} if the shutdown cost the topic's metadata.
     */
    static int outage(EmbeddedKafka kafka, Gate gate, MultiSeedTrainer trainer) throws InterruptedException {
        kafka.stop();
        try {
            gate.release();
            waitUntil(() -> trainer.step() >= FAULT_STEP + EVERY, 30_000, "the trainer to go on while the broker is down");
            Thread.sleep(OUTAGE_MS);
            return trainer.step();
        } finally {
            kafka.start();
        }
    }

    /** Snapshots: each (step, seed) once. Metrics, once the analyzers' group has committed every snapshot: each key once. */
    static void assertEveryPointExactlyOnce(BrokerAndAnalyzer stack) throws Exception {
        EmbeddedKafka kafka = stack.kafka();
        HusaiTopics topics = stack.topics();
        List<String> snapshots = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : TopicReader.readAll(kafka.bootstrapServers(), topics.snapshots())) {
            SaeSnapshot s = SaeSnapshot.decode(r.value());
            snapshots.add(s.meta("step", "") + "/" + s.meta("seed", ""));
        }
        assertExactlyOnce("snapshot", expected("seed"), snapshots);
        waitUntil(() -> caughtUp(kafka.bootstrapServers(), stack.consumerGroup(), topics.snapshots()), 60_000,
                "the analyzers to commit every snapshot");
        Map<String, List<String>> byType = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : TopicReader.readAll(kafka.bootstrapServers(), topics.metrics())) {
            JsonObject j = new JsonObject(new String(r.value(), StandardCharsets.UTF_8));
            byType.computeIfAbsent(j.getString("type"), t -> new ArrayList<>()).add(key(j));
        }
        assertEquals(Set.of("drift", "group", "pair", "seed"), byType.keySet());
        byType.forEach((type, keys) -> assertExactlyOnce(type + " point", expected(type), keys));
    }

    /** A point's identity: step, then seed ({@code seed}, {@code drift}) or a/b ({@code pair}); step alone for {@code group}. */
    static String key(JsonObject j) {
        return switch (j.getString("type")) {
            case "pair" -> j.getLong("step") + "/" + j.getLong("a") + "/" + j.getLong("b");
            case "seed", "drift" -> j.getLong("step") + "/" + j.getLong("seed");
            default -> Long.toString(j.getLong("step"));
        };
    }

    /** Keys of an uninterrupted run, per snapshot step: a group point, a seed point per seed, from the 2nd step a drift
     * point per seed, a pair point per pair. */
    static List<String> expected(String type) {
        List<String> out = new ArrayList<>();
        for (long step = EVERY; step <= STEPS; step += EVERY) {
            long t = step;
            switch (type) {
                case "group" -> out.add(Long.toString(t));
                case "pair" -> SEEDS.forEach(a -> SEEDS.stream().filter(b -> b > a).forEach(b -> out.add(t + "/" + a + "/" + b)));
                case "drift" -> SEEDS.stream().filter(s -> t > EVERY).forEach(s -> out.add(t + "/" + s));
                default -> SEEDS.forEach(s -> out.add(t + "/" + s));
            }
        }
        return out;
    }

    static void assertExactlyOnce(String what, List<String> expected, List<String> found) {
        Map<String, Long> counts = found.stream().collect(Collectors.groupingBy(k -> k, TreeMap::new, Collectors.counting()));
        List<String> missing = expected.stream().filter(k -> !counts.containsKey(k)).toList();
        List<String> twice = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        List<String> unexpected = counts.keySet().stream().filter(k -> !expected.contains(k)).toList();
        assertTrue(missing.isEmpty(), "expected every " + what + ", found these missing: " + missing);
        assertTrue(twice.isEmpty(), "expected each " + what + " once, found these more than once: " + twice);
        assertTrue(unexpected.isEmpty(), "expected no other " + what + ", found " + unexpected);
    }

    /** True when the consumer group has committed the end offset of every partition of {@code topic}. */
    static boolean caughtUp(String bootstrap, String group, String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet().stream().allMatch(e ->
                    e.getValue().offset() == 0 || (committed.get(e.getKey()) != null
                            && committed.get(e.getKey()).offset() == e.getValue().offset()));
        } catch (Exception e) {
            return false;
        }
    }

    static KafkaSnapshotSink sink(EmbeddedKafka kafka, HusaiTopics topics) {
        return new KafkaSnapshotSink(new KafkaProducer<>(KafkaSettings.producer(kafka.bootstrapServers(), "husai-trainer")),
                topics.snapshots(), DType.F16, MAX_IN_FLIGHT);
    }

    static void assertEveryoneFinished(Map<Long, MultiSeedTrainer.SeedResult> results) {
        assertEquals(SEEDS, List.copyOf(results.keySet()));
        results.values().forEach(r -> assertEquals(STEPS, r.lastStep(), "seed " + r.seed() + " trained to the end: " + r));
        results.values().forEach(r -> assertNull(r.stoppedReason(), "seed " + r.seed() + " not stopped: " + r));
    }

    /** Runs the trainer on its own thread, as the demo does. */
    static FutureTask<Map<Long, MultiSeedTrainer.SeedResult>> start(MultiSeedTrainer trainer) {
        FutureTask<Map<Long, MultiSeedTrainer.SeedResult>> run = new FutureTask<>(trainer::run);
        Thread t = new Thread(run, "fault-test-trainer");
        t.setDaemon(true);
        t.start();
        return run;
    }

    static void waitUntil(BooleanSupplier done, long timeoutMs, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!done.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "expected " + what + " within " + timeoutMs + " ms");
            Thread.sleep(100);
        }
    }

    /** Holds the training loop at {@link #FAULT_STEP} until the test has put its fault in place (at most 60 s). */
    static final class Gate implements ProgressListener {
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        @Override
        public void onProgress(SaeProgress p) {
            if (p.step() != FAULT_STEP) {
                return;
            }
            reached.countDown();
            try {
                released.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void awaitReached() throws InterruptedException {
            assertTrue(reached.await(120, TimeUnit.SECONDS), "expected the trainer to reach step " + FAULT_STEP);
        }

        void release() {
            released.countDown();
        }
    }
}
