package dev.husai.stream.influx;

import dev.husai.stream.kafka.KafkaSettings;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the metrics topic (consumer group {@code husai-influx} by default) and writes each polled batch to
 * InfluxDB; the offsets are committed only after the write succeeded. While the server is away the same
 * batch is retried every {@code retryMillis} (the consumer keeps its group membership by pausing and polling
 * nothing). Point times are deterministic ({@link InfluxPoints}), so a re-written batch does not duplicate.
 * Malformed metric values are logged and skipped (counted in {@link #skipped()}).
 */
public final class InfluxSink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxSink.class);

    private final InfluxOptions options;
    private final KafkaConsumer<String, byte[]> consumer;
    private final InfluxDB influx;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private boolean databaseReady;
    private Thread thread;

    public InfluxSink(String bootstrapServers, String metricsTopic, String consumerGroup, InfluxOptions options) {
        this.options = options;
        Map<String, Object> cfg = KafkaSettings.consumer(bootstrapServers, consumerGroup);
        cfg.put("max.poll.records", Integer.toString(options.batchSize()));
        this.consumer = new KafkaConsumer<>(cfg);
        consumer.subscribe(List.of(metricsTopic));
        this.influx = InfluxDBFactory.connect(options.url());
    }

    /** Starts the writing thread. */
    public InfluxSink start() {
        thread = new Thread(this::run, "husai-influx-sink");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    writeWithRetry(batch(records));
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
            stopped.countDown();
        }
    }

    private BatchPoints batch(ConsumerRecords<String, byte[]> records) {
        BatchPoints.Builder b = BatchPoints.database(options.database());
        for (ConsumerRecord<String, byte[]> r : records) {
            try {
                b.point(InfluxPoints.of(new JsonObject(new String(r.value(), StandardCharsets.UTF_8))));
            } catch (RuntimeException e) {
                skipped.incrementAndGet();
                LOG.warn("skipping metric at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            }
        }
        return b.build();
    }

    private void writeWithRetry(BatchPoints batch) {
        while (running) {
            try {
                if (!databaseReady) {
                    influx.query(new Query("CREATE DATABASE \"" + options.database() + "\""));
                    databaseReady = true;
                }
                influx.write(batch);
                written.addAndGet(batch.getPoints().size());
                return;
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                LOG.warn("InfluxDB write of {} points failed ({}), retrying in {} ms", batch.getPoints().size(),
                        e.toString(), options.retryMillis());
                consumer.pause(consumer.assignment());
                sleep(options.retryMillis());
                consumer.poll(Duration.ZERO);
                consumer.resume(consumer.assignment());
            }
        }
        throw new WakeupException();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Points written so far. */
    public long written() {
        return written.get();
    }

    /** Malformed metric values skipped. */
    public long skipped() {
        return skipped.get();
    }

    /** Failed write attempts (each retried). */
    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            consumer.wakeup();
            try {
                stopped.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            consumer.close();
        }
        influx.close();
    }
}
