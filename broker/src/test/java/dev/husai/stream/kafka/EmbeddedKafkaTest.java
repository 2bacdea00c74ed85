package dev.husai.stream.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    @TempDir
    Path tmp;

    @Test
    void topicsAreCreatedWithLimitsAndLargeRecordsRoundTripAcrossRestart() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(tmp);
        try {
            HusaiTopics topics = HusaiTopics.withPrefix("t1", 2);
            TopicSetup.ensure(kafka.bootstrapServers(), topics, (short) 1);
            TopicSetup.ensure(kafka.bootstrapServers(), topics, (short) 1); // idempotent
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                Map<String, TopicDescription> d = admin.describeTopics(topics.all()).allTopicNames().get(20, TimeUnit.SECONDS);
                assertEquals(5, d.size());
                assertEquals(2, d.get(topics.snapshots()).partitions().size());
                ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, topics.snapshots());
                String max = admin.describeConfigs(List.of(res)).all().get(20, TimeUnit.SECONDS).get(res)
                        .get("max.message.bytes").value();
                assertEquals(Integer.toString(HusaiTopics.MAX_MESSAGE_BYTES), max);
            }
            byte[] big = new byte[12 * 1024 * 1024];
            new java.util.Random(1).nextBytes(big);
            produce(kafka, topics.snapshots(), big);
            kafka.stop();
            kafka.start();
            produce(kafka, topics.snapshots(), new byte[] {1, 2, 3});
            List<ConsumerRecord<String, byte[]>> got = consume(kafka, topics.snapshots(), 2);
            assertEquals(2, got.size());
            assertTrue(got.stream().anyMatch(r -> java.util.Arrays.equals(r.value(), big)), "the 12 MiB record survives");
        } finally {
            kafka.close();
        }
    }

    private static void produce(EmbeddedKafka kafka, String topic, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(KafkaSettings.producer(kafka.bootstrapServers(), "t"))) {
            p.send(new ProducerRecord<>(topic, "g", value)).get(60, TimeUnit.SECONDS);
        }
    }

    static List<ConsumerRecord<String, byte[]>> consume(EmbeddedKafka kafka, String topic, int n) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(KafkaSettings.consumer(kafka.bootstrapServers(), "c"))) {
            c.subscribe(List.of(topic));
            long end = System.currentTimeMillis() + 30_000;
            while (out.size() < n && System.currentTimeMillis() < end) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
