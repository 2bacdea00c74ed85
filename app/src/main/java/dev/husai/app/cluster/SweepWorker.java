package dev.husai.app.cluster;

import dev.husai.app.sweep.SweepFile;
import dev.husai.app.sweep.SweepInputs;
import dev.husai.app.sweep.SweepRunner;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.safetensors.DType;
import dev.husai.core.sweep.SweepSpec;
import dev.husai.stream.kafka.KafkaSettings;
import dev.husai.trainer.sae.ProgressListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * A worker of a distributed sweep: one member of the consumer group {@code husai-sweep-workers} on the work topic,
 * taking one group at a time. For each work item it trains the group into {@code workDir} with the same
 * {@link SweepRunner} a local sweep uses, then, in one Kafka transaction, sends the group's files and summary to the
 * results topic and commits the work item's offset ({@code sendOffsetsToTransaction}, KIP-447 fencing by the group's
 * metadata). A worker that dies before the commit leaves its item uncommitted: after the group's rebalance another
 * worker trains it from step 0 and the dead one's partial sends, never committed, are invisible to the coordinator
 * (read_committed). Polls are far apart while a group trains, so {@code max.poll.interval.ms} is long; the group
 * uses Kafka's consumer rebalance protocol (KIP-848, {@code group.protocol=consumer}): a worker that joins does not wait
 * for a busy one, and a dead process is noticed by the broker's session timeout
 * ({@code group.consumer.session.timeout.ms}, 45 s by default), which the client's heartbeat thread keeps.
 */
public final class SweepWorker implements Runnable, AutoCloseable {
    /** The consumer group all workers share. */
    public static final String CONSUMER_GROUP = "husai-sweep-workers";

    private final SweepTopics topics;
    private final Path workDir;
    private final Path dataDir;
    private final String testbed;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final Consumer<String> log;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, SweepInputs> inputs = new HashMap<>();
    private volatile ProgressListener progress = p -> { };
    private volatile SweepRunner.Hooks hooks = new SweepRunner.Hooks() { };

    /**
     * @param workDir where groups are trained before they are sent (each group's folder is removed once sent)
     * @param dataDir folder that an activations path of a sweep file is relative to
     * @param testbed testbed checkpoint for testbed sweeps ({@code shipped})
     */
    public SweepWorker(String bootstrap, SweepTopics topics, Path workDir, Path dataDir, String testbed,
                       Consumer<String> log) {
        this.topics = topics;
        this.workDir = workDir;
        this.dataDir = dataDir;
        this.testbed = testbed;
        this.log = log;
        Map<String, Object> c = KafkaSettings.consumer(bootstrap, CONSUMER_GROUP);
        c.put("max.poll.records", "1");
        c.put("max.poll.interval.ms", Integer.toString(Integer.MAX_VALUE));
        c.put("group.protocol", "consumer");
        c.put("isolation.level", "read_committed");
        this.consumer = new KafkaConsumer<>(c);
        Map<String, Object> p = KafkaSettings.producer(bootstrap, "husai-worker");
        p.put("transactional.id", "husai-worker-" + UUID.randomUUID());
        p.put("transaction.timeout.ms", "120000");
        this.producer = new KafkaProducer<>(p);
        producer.initTransactions();
        consumer.subscribe(List.of(topics.work()));
    }

    /** Side effects of training a group, e.g. publishing every snapshot to the live topic (default: none). */
    public SweepWorker withHooks(SweepRunner.Hooks hooks) {
        this.hooks = hooks;
        return this;
    }

    /** Told at every snapshot step of the group in training (e.g. a progress line). */
    public SweepWorker onProgress(ProgressListener listener) {
        this.progress = listener;
        return this;
    }

    /**
     * Polls and trains until {@link #stop()}, then closes its clients (on this thread: they are not thread-safe); a
     * bad work item is logged and committed past, never retried forever. An exception while training ends the worker
     * without committing, as a crash would: the item goes to another worker.
     */
    @Override
    public void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    handle(r);
                }
            }
        } catch (WakeupException e) {
            // stop() while polling
        } finally {
            producer.close(Duration.ofSeconds(5));
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r) {
        WorkItem item;
        SweepRunner runner;
        SaeConfig config;
        try {
            item = WorkItem.fromBytes(r.value());
            SweepSpec spec = SweepFile.parse(item.specText(), item.specSource());
            runner = runner(item, spec);
            List<SaeConfig> configs = runner.configs();
            config = configs.stream().filter(c -> c.groupId().equals(item.group())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("expected group " + item.group() + " in sweep "
                            + item.sweep() + ", found " + configs.size() + " other groups"));
        } catch (IllegalArgumentException e) {
            log.accept("worker: skipped work item " + r.key() + ": " + e.getMessage());
            commit(r, null, null);
            return;
        }
        log.accept(String.format(java.util.Locale.ROOT, "worker: training %d/%d %s", item.index() + 1, item.count(), item.group()));
        runner.runGroup(config, p -> progress.onProgress(p));
        commit(r, item, workDir.resolve(item.sweep()).resolve(item.group()));
    }

    private SweepRunner runner(WorkItem item, SweepSpec spec) {
        SweepInputs in = inputs.computeIfAbsent(item.specText(), t -> SweepInputs.of(spec, dataDir, testbed));
        return new SweepRunner(spec, workDir.resolve(item.sweep()), in.weights(), in.rows(), in.summarizer(spec), hooks,
                DType.F32);
    }

    /** One transaction: the group's files and summary (when trained), and the work item's offset. */
    private void commit(ConsumerRecord<String, byte[]> r, WorkItem item, Path groupDir) {
        producer.beginTransaction();
        try {
            if (item != null) {
                GroupShipment.records(topics.results(), item.sweep(), item.group(), groupDir).forEach(producer::send);
            }
            producer.sendOffsetsToTransaction(Map.of(new TopicPartition(r.topic(), r.partition()),
                    new OffsetAndMetadata(r.offset() + 1)), consumer.groupMetadata());
            producer.commitTransaction();
        } catch (RuntimeException e) {
            producer.abortTransaction();
            throw e;
        }
        if (item != null) {
            SweepRunner.deleteRecursively(groupDir);
            log.accept("worker: sent " + item.group());
        }
    }

    /** Ends {@link #run()} after the current group (or at once when idle); safe from any thread. */
    public void stop() {
        running.set(false);
        consumer.wakeup();
    }

    @Override
    public void close() {
        stop();
    }
}
