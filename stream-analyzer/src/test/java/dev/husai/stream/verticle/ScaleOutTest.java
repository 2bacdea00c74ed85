package dev.husai.stream.verticle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.husai.core.tensor.FloatMatrix;
import dev.husai.stream.analysis.AnalyzerOptions;
import dev.husai.stream.analysis.Snapshots;
import dev.husai.stream.kafka.HusaiTopics;
import dev.husai.stream.kafka.KafkaSettings;
import dev.husai.stream.kafka.TopicReader;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two analyzer instances in one consumer group share the groups; one leaves mid-run, the other takes over. */
class ScaleOutTest {
    static final int GROUPS = 4;
    @RegisterExtension
    final BrokerAndAnalyzer stack = BrokerAndAnalyzer.withTopics("so", 4);

    @Test
    void twoInstancesShareGroupsAndSurviveOneLeaving() throws Exception {
        HusaiTopics topics = stack.topics();
        String bootstrap = stack.bootstrap();
        String first = stack.deployAnalyzer(AnalyzerOptions.defaults());
        stack.deployAnalyzer(AnalyzerOptions.defaults());
        FloatMatrix base = Snapshots.gaussian(Snapshots.F, Snapshots.D, 8);
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(KafkaSettings.producer(bootstrap, "t"))) {
            for (long step = 1; step <= 4; step++) {
                if (step == 3) {
                    TopicReader.awaitRecords(bootstrap, topics.metrics(), 30_000, l -> l.size() >= GROUPS * 10);
                    stack.undeploy(first);
                }
                for (int g = 0; g < GROUPS; g++) {
                    for (long seed = 0; seed < 3; seed++) {
                        String group = "group-" + g;
                        p.send(new ProducerRecord<>(topics.snapshots(), group, Snapshots.bytes(Snapshots.snapshot(group,
                                seed, step, Snapshots.stable(base, g * 100 + seed * 10 + step, 0.05), Map.of()))))
                                .get(30, TimeUnit.SECONDS);
                    }
                }
            }
        }
        int perGroup = 4 * (3 + 1 + 3) + 3 * 3;
        TopicReader.awaitRecords(bootstrap, topics.metrics(), 40_000, l -> l.size() >= GROUPS * perGroup);
        Thread.sleep(1500);
        List<JsonObject> metrics = TopicReader.readAll(bootstrap, topics.metrics()).stream()
                .map(r -> new JsonObject(new String(r.value(), StandardCharsets.UTF_8))).toList();
        Set<String> ids = new HashSet<>();
        for (JsonObject j : metrics) {
            ids.add(j.getString("group") + "/" + j.getString("type") + "/" + j.getLong("step") + "/" + j.getValue("seed")
                    + "/" + j.getValue("a") + "/" + j.getValue("b"));
        }
        assertEquals(GROUPS * perGroup, ids.size(), "every point of every group");
        assertEquals(GROUPS * perGroup, metrics.size(), "none twice");
    }
}
