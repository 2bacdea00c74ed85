package dev.husai.stream.influx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.tensor.FloatMatrix;
import dev.husai.stream.analysis.AnalyzerOptions;
import dev.husai.stream.analysis.Snapshots;
import dev.husai.stream.kafka.EmbeddedKafka;
import dev.husai.stream.kafka.HusaiTopics;
import dev.husai.stream.kafka.KafkaSettings;
import dev.husai.stream.kafka.TopicSetup;
import dev.husai.stream.verticle.AnalyzerVerticle;
import dev.husai.stream.verticle.AnalyzerVerticleOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfluxSinkTest {
    static final String G = "influx-group";
    @TempDir
    Path tmp;

    @Test
    void mapsStepToAFieldAndSeedOrPairToTags() {
        Point p = InfluxPoints.of(new JsonObject().put("type", "pair").put("group", "g").put("step", 40).put("a", 1)
                .put("b", 3).put("method", "exact").put("pw_mcc_dec", 0.8).put("arch", "topk").put("hook", "resid_post")
                .put("trigger_ts", 1000L));
        String line = p.lineProtocol();
        assertTrue(line.startsWith("husai_pair,arch=topk,group=g,hook=resid_post,method=exact,pair=1-3 "), line);
        assertTrue(line.contains("step=40i") && line.contains("pw_mcc_dec=0.8"), line);
        assertTrue(line.endsWith(" 1000000040"), line);
        assertThrows(IllegalArgumentException.class, () -> InfluxPoints.of(new JsonObject().put("type", "pair")));
        String group = InfluxPoints.of(new JsonObject().put("type", "group").put("group", "g").put("step", 40)
                .put("arch", "topk").put("hook", "resid_post").put("d_sae", 64).put("k", 4).put("pw_mcc_dec_mean", 0.9)
                .put("trigger_ts", 1000L)).lineProtocol();
        assertTrue(group.startsWith("husai_group,arch=topk,d_sae=64,group=g,hook=resid_post,k=4 "), group);
        assertFalse(group.contains("k=4i") || group.contains("d_sae=64.0"), "config values are tags, not fields: " + group);
    }

    @Test
    void writesAnalyzerMetricsRetryingUntilTheServerComesUpAndQueriesBack() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(InfluxServer.INFLUXD), "needs Debian's influxdb package (/usr/bin/influxd)");
        Files.createDirectories(tmp.resolve("influx"));
        EmbeddedKafka kafka = EmbeddedKafka.start(tmp);
        Vertx vertx = Vertx.vertx();
        InfluxServer server = new InfluxServer(tmp.resolve("influx"));
        InfluxOptions options = new InfluxOptions(server.url(), "husai_test", 500, 200);
        try {
            HusaiTopics topics = HusaiTopics.withPrefix("ix", 1);
            TopicSetup.ensure(kafka.bootstrapServers(), topics, (short) 1);
            vertx.deployVerticle(new AnalyzerVerticle(new AnalyzerVerticleOptions(kafka.bootstrapServers(), topics,
                    "ix-analyzers", AnalyzerOptions.defaults(), true))).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            try (InfluxSink sink = new InfluxSink(kafka.bootstrapServers(), topics.metrics(), "ix-influx", options).start()) {
                produce(kafka, topics);
                await(sink::failures, 1, "write failures while influxd is down");
                server.start();
                await(sink::written, 3 * 7 + 2 * 3, "points written after influxd came up");
            }
            try (InfluxDB db = InfluxDBFactory.connect(server.url())) {
                assertEquals(9.0, scalar(db, "SELECT count(\"pw_mcc_dec\") FROM \"husai_pair\" WHERE \"group\" = '" + G + "'"));
                assertEquals(3.0, scalar(db, "SELECT count(\"step\") FROM \"husai_group\""));
                assertEquals(3.0, scalar(db, "SELECT max(\"step\") FROM \"husai_group\""));
                assertEquals(3.0, scalar(db, "SELECT count(\"mean_alignment\") FROM \"husai_seed\" WHERE \"seed\" = '1'"));
                String tags = db.query(new Query("SHOW TAG KEYS FROM \"husai_pair\"", "husai_test")).toString();
                assertTrue(tags.contains("pair") && tags.contains("hook") && !tags.contains("step"), tags);
            }
            try (InfluxSink again = new InfluxSink(kafka.bootstrapServers(), topics.metrics(), "ix-influx-2", options).start()) {
                await(again::written, 27, "second sink re-writing every point");
            }
            try (InfluxDB db = InfluxDBFactory.connect(server.url())) {
                assertEquals(9.0, scalar(db, "SELECT count(\"pw_mcc_dec\") FROM \"husai_pair\""), "re-written points do not duplicate");
            }
        } finally {
            server.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            kafka.close();
        }
    }

    private static void produce(EmbeddedKafka kafka, HusaiTopics topics) throws Exception {
        FloatMatrix base = Snapshots.gaussian(Snapshots.F, Snapshots.D, 3);
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(KafkaSettings.producer(kafka.bootstrapServers(), "t"))) {
            for (long step = 1; step <= 3; step++) {
                for (long seed = 0; seed < 3; seed++) {
                    p.send(new ProducerRecord<>(topics.snapshots(), G, Snapshots.bytes(Snapshots.snapshot(G, seed, step,
                            Snapshots.stable(base, seed * 7 + step, 0.05), Map.of())))).get(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static void await(LongSupplier value, long atLeast, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (value.getAsLong() < atLeast && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(value.getAsLong() >= atLeast, "expected " + what + " >= " + atLeast + ", found " + value.getAsLong());
    }

    private static double scalar(InfluxDB db, String q) {
        QueryResult r = db.query(new Query(q, "husai_test"));
        List<List<Object>> values = r.getResults().get(0).getSeries().get(0).getValues();
        return ((Number) values.get(0).get(1)).doubleValue();
    }
}
