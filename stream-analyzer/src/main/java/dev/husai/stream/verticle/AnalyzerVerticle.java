package dev.husai.stream.verticle;

import dev.husai.core.fourier.GroundTruth;
import dev.husai.core.protocol.MetricPoint;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.stream.analysis.AnalysisOutput;
import dev.husai.stream.analysis.Analyzer;
import dev.husai.stream.kafka.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes snapshots, analyses them on a worker (its own one-thread executor, ordered: one record at a time,
 * partition order kept), publishes the outputs (metrics, alerts, control, dead letters, to Kafka)
 * and commits the record's offset only after every output was acknowledged (at-least-once publication).
 * After a restart or rebalance the first record of a partition triggers {@link StateRebuilder}. If
 * publishing fails (broker away longer than the producer's delivery timeout) the consumer rewinds to the
 * committed offsets and the state is rebuilt: no snapshot is skipped.
 */
public final class AnalyzerVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(AnalyzerVerticle.class);

    private final AnalyzerVerticleOptions cfg;
    private final Analyzer analyzer;
    private final Set<TopicPartition> warm = new HashSet<>();
    private final AtomicBoolean reset = new AtomicBoolean();
    private final AtomicLong processed = new AtomicLong();
    /**
     * The analysis runs on its own one-thread executor (ordered), allowed {@link #MAX_ANALYSIS_MINUTES} per record:
     * Fourier recovery of wide {@code mlp_post} groups takes minutes, which Vert.x's shared pool would report as a
     * blocked thread with a stack trace every few seconds.
     */
    static final long MAX_ANALYSIS_MINUTES = 30;
    private WorkerExecutor analysis;
    private final RateLimitedLog deadLetters = new RateLimitedLog(LOG::warn, 1000, System::currentTimeMillis);
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;
    private volatile boolean running;
    private Future<Void> current = Future.succeededFuture();

    public AnalyzerVerticle(AnalyzerVerticleOptions cfg) {
        this(cfg, null);
    }

    /**
     * With the testbed's ground truth (null = none): also publishes sampled {@code fourier} points (Fourier recovery
     * per seed, at most every {@code fourierIntervalMs} of wall time per group, computed on the worker).
     */
    public AnalyzerVerticle(AnalyzerVerticleOptions cfg, GroundTruth truth) {
        this(cfg, truth, null);
    }

    /**
     * As above, and with a known dictionary {@code knownAtomsTD} ({@code [T, D]}, null = none): also publishes a
     * {@code recovery} point (MCC vs truth, fraction recovered at tau) for every seed snapshot.
     */
    public AnalyzerVerticle(AnalyzerVerticleOptions cfg, GroundTruth truth, FloatMatrix knownAtomsTD) {
        this.cfg = cfg;
        this.analyzer = new Analyzer(cfg.options(), truth, knownAtomsTD, System::currentTimeMillis);
    }

    /** Records processed so far (any outcome). */
    public long processed() {
        return processed.get();
    }

    @Override
    public Future<?> start() {
        analysis = vertx.createSharedWorkerExecutor("husai-analysis-" + cfg.consumerGroup(), 1, MAX_ANALYSIS_MINUTES,
                TimeUnit.MINUTES);
        producer = KafkaProducer.create(vertx, strings(KafkaSettings.producer(cfg.bootstrapServers(), "husai-analyzer")));
        consumer = KafkaConsumer.create(vertx, strings(KafkaSettings.consumer(cfg.bootstrapServers(), cfg.consumerGroup())));
        consumer.partitionsRevokedHandler(ps -> {
            warm.clear();
            reset.set(true);
        });
        return consumer.subscribe(cfg.topics().snapshots()).onSuccess(v -> {
            running = true;
            pollLoop();
        });
    }

    /** Graceful: lets the record in progress finish and commit (no duplicate for the next owner), then closes. */
    @Override
    public Future<?> stop() {
        running = false;
        return current.transform(ar -> Future.join(consumer.close(), producer.close(), analysis.close()));
    }

    private void pollLoop() {
        if (!running) {
            return;
        }
        current = consumer.poll(Duration.ofMillis(100)).compose(this::processAll)
                .recover(failure -> running ? rewind(failure) : Future.succeededFuture());
        current.onComplete(ar -> vertx.runOnContext(v -> pollLoop()));
    }

    /**
     * Analyses the records one after another on the worker; each record's outputs are sent as soon as it is
     * analysed (the producer keeps their order) while the next record is analysed; its offset is committed
     * once its outputs are acknowledged, commits in record order. The batch completes when every commit did.
     */
    private Future<Void> processAll(KafkaConsumerRecords<String, byte[]> records) {
        Future<Void> analysed = Future.succeededFuture();
        List<Future<Void>> committed = new ArrayList<>();
        Future<Void> commits = Future.succeededFuture();
        for (int i = 0; i < records.size(); i++) {
            KafkaConsumerRecord<String, byte[]> r = records.recordAt(i);
            Future<Future<Void>> sent = analysed.compose(v -> running ? processOne(r) : Future.failedFuture("stopping"));
            analysed = sent.mapEmpty();
            commits = commits.compose(v -> sent.compose(s -> s)).compose(v -> commit(r));
            committed.add(commits);
        }
        return Future.all(committed).mapEmpty();
    }

    /** Analyses one record on the worker and starts publishing; the inner future completes when all sends are acked. */
    private Future<Future<Void>> processOne(KafkaConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        boolean rebuild = cfg.rebuild() && warm.add(tp);
        return analysis.executeBlocking(() -> analyse(r, rebuild), true).map(out -> publish(r, out));
    }

    private Future<Void> commit(KafkaConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        return consumer.commit(Map.of(tp, new OffsetAndMetadata(r.offset() + 1, "")))
                .onSuccess(v -> processed.incrementAndGet()).mapEmpty();
    }

    /** Worker side: optional state rebuild, then the pure analysis; an unexpected failure becomes a rejection. */
    private AnalysisOutput analyse(KafkaConsumerRecord<String, byte[]> r, boolean rebuild) {
        if (reset.getAndSet(false)) {
            analyzer.drop(g -> true);
        }
        if (rebuild) {
            long n = StateRebuilder.rebuild(cfg.bootstrapServers(),
                    new org.apache.kafka.common.TopicPartition(r.topic(), r.partition()), r.offset(), analyzer);
            LOG.info("rebuilt {}-{} from {} records", r.topic(), r.partition(), n);
        }
        try {
            return analyzer.accept(r.key(), r.value());
        } catch (RuntimeException e) {
            LOG.warn("analysis of {}-{}@{} failed", r.topic(), r.partition(), r.offset(), e);
            return AnalysisOutput.rejected("analysis failed: " + e);
        }
    }

    private Future<Void> publish(KafkaConsumerRecord<String, byte[]> r, AnalysisOutput out) {
        List<Future<?>> sends = new ArrayList<>();
        String key = r.key();
        if (out.rejection() != null) {
            deadLetters.log("dead-lettered " + r.topic() + "-" + r.partition() + "@" + r.offset() + " (group " + key
                    + ") to " + cfg.topics().deadLetter() + ": " + out.rejection());
            sends.add(producer.send(deadLetter(r, out.rejection())));
        }
        for (MetricPoint p : out.metrics()) {
            JsonObject j = new JsonObject(p.toMap()).put("trigger_ts", r.timestamp()).put("trigger_partition", r.partition())
                    .put("trigger_offset", r.offset());
            sends.add(producer.send(KafkaProducerRecord.create(cfg.topics().metrics(), key, bytes(j))));
        }
        out.alerts().forEach(a -> sends.add(producer.send(
                KafkaProducerRecord.create(cfg.topics().alerts(), key, bytes(new JsonObject(a.toMap()))))));
        out.controls().forEach(c -> sends.add(producer.send(
                KafkaProducerRecord.create(cfg.topics().control(), key, c.encode().getBytes(StandardCharsets.UTF_8)))));
        return Future.all(sends).mapEmpty();
    }

    private KafkaProducerRecord<String, byte[]> deadLetter(KafkaConsumerRecord<String, byte[]> r, String reason) {
        KafkaProducerRecord<String, byte[]> d = KafkaProducerRecord.create(cfg.topics().deadLetter(), r.key(), r.value());
        d.addHeader(DeadLetterHeaders.REASON, reason);
        d.addHeader(DeadLetterHeaders.SOURCE_TOPIC, r.topic());
        d.addHeader(DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(r.partition()));
        d.addHeader(DeadLetterHeaders.SOURCE_OFFSET, Long.toString(r.offset()));
        return d;
    }

    /** After a failure: back to the committed offsets, state rebuilt on the next record of each partition. */
    private Future<Void> rewind(Throwable failure) {
        LOG.warn("processing failed, rewinding to committed offsets: {}", failure.toString());
        warm.clear();
        reset.set(true);
        return consumer.assignment().compose(parts -> {
            List<Future<?>> seeks = new ArrayList<>();
            for (TopicPartition tp : parts) {
                seeks.add(consumer.committed(tp).compose(om -> om == null
                        ? consumer.seekToBeginning(tp) : consumer.seek(tp, om.getOffset())));
            }
            return Future.all(seeks).mapEmpty();
        });
    }

    private static byte[] bytes(JsonObject j) {
        return j.encode().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> strings(Map<String, Object> m) {
        Map<String, String> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
