package dev.husai.stream.kafka;

import dev.husai.core.protocol.SnapshotChunks;
import dev.husai.core.safetensors.DType;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SnapshotSink;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes each snapshot to the snapshots topic (key = group id, value = safetensors in the chosen dtype,
 * F16 halves the size); a snapshot over {@link SnapshotChunks#CHUNK_BYTES} goes as consecutive chunk records of the
 * same key (any width: 65,536 latents x d 512 in F16 is 128 MiB, 16 chunks). Reliability: idempotent producer, {@code acks=all}, retries for up to
 * {@code delivery.timeout.ms} (a broker restart is ridden out); at most {@code maxInFlight} unacknowledged
 * records, after which {@link #accept} blocks (backpressure on the training loop) instead of buffering
 * without bound. Nothing is dropped silently: a snapshot that could not be delivered makes the next
 * {@link #accept} or {@link #close} throw, naming the snapshot.
 */
public final class KafkaSnapshotSink implements SnapshotSink {

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final DType dtype;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    /** Sink on a new producer ({@link KafkaSettings#producer}). */
    public static KafkaSnapshotSink create(String bootstrapServers, String topic, DType dtype) {
        return new KafkaSnapshotSink(new KafkaProducer<>(KafkaSettings.producer(bootstrapServers, "husai-trainer")),
                topic, dtype, 16);
    }

    /** Sink on a given producer (tests use MockProducer). */
    public KafkaSnapshotSink(Producer<String, byte[]> producer, String topic, DType dtype, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("expected maxInFlight >= 1, found " + maxInFlight);
        }
        this.producer = producer;
        this.topic = topic;
        this.dtype = dtype;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
    }

    @Override
    public void accept(SaeSnapshot snapshot) {
        rethrow();
        String group = snapshot.meta("group", null);
        if (group == null) {
            throw new IllegalArgumentException("expected metadata group (the record key), found none");
        }
        byte[] value = snapshot.encode(dtype);
        String id = group + "/seed " + snapshot.meta("seed", "?") + "/step " + snapshot.meta("step", "?");
        List<byte[]> records = SnapshotChunks.split(value, id + "/" + UUID.randomUUID(), SnapshotChunks.CHUNK_BYTES);
        for (int i = 0; i < records.size(); i++) {
            boolean last = i == records.size() - 1;
            acquire(id);
            producer.send(new ProducerRecord<>(topic, group, records.get(i)), (meta, e) -> {
                if (e == null) {
                    if (last) {
                        acknowledged.incrementAndGet();
                    }
                } else {
                    failure.compareAndSet(null, new IllegalStateException("expected snapshot " + id
                            + " to be acknowledged by Kafka, found " + e, e));
                }
                inFlight.release();
            });
        }
    }

    private void acquire(String id) {
        try {
            if (!inFlight.tryAcquire(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("expected room for snapshot " + id + " within 10 min, found "
                        + maxInFlight + " snapshots still unacknowledged");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to publish snapshot " + id, e);
        }
    }

    /** Snapshots acknowledged by the broker so far. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Waits for every sent snapshot to be acknowledged (or failed); throws on failure. */
    public void flush() {
        producer.flush();
        rethrow();
    }

    private void rethrow() {
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            producer.close();
        }
    }
}
