package dev.husai.stream.verticle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.stream.analysis.AlertPolicy;
import dev.husai.stream.analysis.AnalyzerOptions;
import dev.husai.stream.analysis.Snapshots;
import dev.husai.stream.kafka.EmbeddedKafka;
import dev.husai.stream.kafka.HusaiTopics;
import dev.husai.stream.kafka.KafkaSettings;
import dev.husai.stream.kafka.TopicReader;
import dev.husai.stream.kafka.TopicSetup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzerVerticleTest {
    static final String G = "grp-a";
    @TempDir
    static Path tmp;
    static EmbeddedKafka kafka;
    final FloatMatrix base = Snapshots.gaussian(Snapshots.F, Snapshots.D, 42);

    @BeforeAll
    static void broker() {
        kafka = EmbeddedKafka.start(tmp);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    /** 3 seeds x 4 steps; seed 2 turns NaN at step 3 and then goes quiet; one garbage record after step 1. */
    List<ProducerRecord<String, byte[]>> scenario(String topic) {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        for (long step = 1; step <= 4; step++) {
            for (long seed = 0; seed < 3; seed++) {
                if (seed == 2 && step == 4) {
                    continue;
                }
                SaeSnapshot s = Snapshots.snapshot(G, seed, step, Snapshots.stable(base, seed * 10 + step, 0.02), Map.of());
                if (seed == 2 && step == 3) {
                    s.weights().wEncDF().data()[7] = Float.POSITIVE_INFINITY;
                }
                out.add(new ProducerRecord<>(topic, G, Snapshots.bytes(s)));
            }
            if (step == 1) {
                out.add(new ProducerRecord<>(topic, G, "not safetensors".getBytes(StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    static void send(List<ProducerRecord<String, byte[]>> records) throws Exception {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(KafkaSettings.producer(kafka.bootstrapServers(), "t"))) {
            for (ProducerRecord<String, byte[]> r : records) {
                p.send(r).get(30, TimeUnit.SECONDS);
            }
        }
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    static AnalyzerVerticleOptions config(HusaiTopics topics) {
        return new AnalyzerVerticleOptions(kafka.bootstrapServers(), topics, "analyzers-" + topics.snapshots(),
                AnalyzerOptions.defaults().withPolicy(AlertPolicy.ALERT_AND_STOP), true);
    }

    static List<JsonObject> json(List<ConsumerRecord<String, byte[]>> rs) {
        return rs.stream().map(r -> new JsonObject(new String(r.value(), StandardCharsets.UTF_8))).toList();
    }

    static long count(List<JsonObject> ms, String type) {
        return ms.stream().filter(j -> j.getString("type").equals(type)).count();
    }

    @Test
    void analysesPublishesAlertsStopsAndDeadLetters() throws Exception {
        HusaiTopics topics = HusaiTopics.withPrefix("v1", 2);
        TopicSetup.ensure(kafka.bootstrapServers(), topics, (short) 1);
        Vertx vertx = Vertx.vertx();
        try {
            await(vertx.deployVerticle(new AnalyzerVerticle(config(topics))));
            send(scenario(topics.snapshots()));
            List<JsonObject> metrics = json(TopicReader.awaitRecords(kafka.bootstrapServers(), topics.metrics(), 40_000,
                    l -> l.size() >= 29));
            assertEquals(29, metrics.size(), "8 pair + 4 group + 10 seed + 7 drift points");
            assertEquals(8, count(metrics, "pair"));
            assertEquals(4, count(metrics, "group"));
            assertEquals(10, count(metrics, "seed"));
            assertTrue(metrics.stream().allMatch(j -> j.getLong("trigger_ts") > 0));
            List<ConsumerRecord<String, byte[]>> dead = TopicReader.readAll(kafka.bootstrapServers(), topics.deadLetter());
            assertEquals(2, dead.size());
            String reason0 = new String(dead.get(0).headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8);
            assertTrue(reason0.startsWith("not a valid snapshot"), reason0);
            String reason1 = new String(dead.get(1).headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8);
            assertEquals("expected finite weights, found W_enc[7] = Infinity", reason1);
            List<JsonObject> control = json(TopicReader.readAll(kafka.bootstrapServers(), topics.control()));
            assertEquals(1, control.size());
            assertEquals(2, control.get(0).getLong("seed"));
            assertEquals("stop", control.get(0).getString("action"));
            List<JsonObject> alerts = json(TopicReader.readAll(kafka.bootstrapServers(), topics.alerts()));
            assertEquals("non_finite", alerts.get(0).getString("kind"));
        } finally {
            await(vertx.close());
        }
    }

    @Test
    void restartedAnalyzerRebuildsStateAndPublishesNoDuplicates() throws Exception {
        HusaiTopics topics = HusaiTopics.withPrefix("v2", 2);
        TopicSetup.ensure(kafka.bootstrapServers(), topics, (short) 1);
        List<ProducerRecord<String, byte[]>> all = scenario(topics.snapshots());
        Vertx vertx = Vertx.vertx();
        try {
            String id = await(vertx.deployVerticle(new AnalyzerVerticle(config(topics))));
            send(all.subList(0, 6));
            TopicReader.awaitRecords(kafka.bootstrapServers(), topics.metrics(), 30_000, l -> l.size() >= 9);
            await(vertx.undeploy(id));
            await(vertx.deployVerticle(new AnalyzerVerticle(config(topics))));
            send(all.subList(6, all.size()));
            List<JsonObject> metrics = json(TopicReader.awaitRecords(kafka.bootstrapServers(), topics.metrics(), 40_000,
                    l -> l.size() >= 29));
            Thread.sleep(1000);
            metrics = json(TopicReader.readAll(kafka.bootstrapServers(), topics.metrics()));
            assertEquals(29, metrics.size(), "same points as an uninterrupted run, none twice");
            Set<String> keys = new HashSet<>();
            for (JsonObject j : metrics) {
                keys.add(j.getString("type") + j.getLong("step") + j.getValue("seed") + j.getValue("a") + j.getValue("b"));
            }
            assertEquals(29, keys.size());
            assertEquals(8, count(metrics, "pair"));
            assertEquals(7, count(metrics, "drift"), "drift after the restart needs the rebuilt previous snapshot");
        } finally {
            await(vertx.close());
        }
    }
}
