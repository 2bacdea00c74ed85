package dev.husai.app.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.husai.web.MetricStore;
import io.vertx.core.json.JsonArray;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class KafkaMetricFeedTest {

    @Test
    void feedsMetricsAndAlertsFromTheBeginningAndCountsMalformedRecords() throws Exception {
        MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
        Node node = new Node(0, "localhost", 9092);
        for (String topic : List.of("husai.metrics", "husai.alerts")) {
            consumer.updatePartitions(topic, List.of(new PartitionInfo(topic, 0, node, new Node[0], new Node[0])));
            consumer.updateBeginningOffsets(Map.of(new TopicPartition(topic, 0), 0L));
        }
        MetricStore store = new MetricStore();
        KafkaMetricFeed feed = new KafkaMetricFeed(consumer, "husai.metrics", "husai.alerts", store);
        feed.start();
        consumer.schedulePollTask(() -> {
            consumer.addRecord(new ConsumerRecord<>("husai.metrics", 0, 0, "g", "{\"type\":\"group\",\"group\":\"g\",\"step\":100}"));
            consumer.addRecord(new ConsumerRecord<>("husai.metrics", 0, 1, "g", "not json"));
            consumer.addRecord(new ConsumerRecord<>("husai.alerts", 0, 0, "g",
                    "{\"kind\":\"loss_spike\",\"group\":\"g\",\"seed\":1,\"step\":100}"));
        });
        long deadline = System.currentTimeMillis() + 5000;
        while (feed.malformed() == 0 || store.lastSeq() < 2) {
            if (System.currentTimeMillis() > deadline) {
                break;
            }
            Thread.sleep(20);
        }
        feed.close();
        assertEquals(1, feed.malformed());
        JsonArray groups = store.groups();
        assertEquals(100L, groups.getJsonObject(0).getLong("step"));
        assertEquals(1, groups.getJsonObject(0).getInteger("alerts"));
        assertEquals("loss_spike", store.alerts().getJsonObject(0).getString("kind"));
    }
}
