package dev.husai.app.cli;

import dev.husai.core.safetensors.DType;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SnapshotMetadata;
import dev.husai.core.snapshot.SyntheticSaes;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.stream.kafka.KafkaSnapshotSink;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test trainer stand-in: publishes hand-built snapshots of one TopK group (D = 16, F = 64, k = 4) through the real
 * {@link KafkaSnapshotSink}, one step for every seed each period. Every seed is the same base dictionary with its
 * rows permuted by the seed plus noise that shrinks with the step, so the seeds converge and PW-MCC rises. A
 * stopped seed sends one last snapshot with {@code stopped_reason} (as {@code MultiSeedTrainer} does), then nothing.
 */
final class SnapshotPublisher implements AutoCloseable {
    static final int D = 16;
    static final int F = 64;
    /** The step cap the snapshots state ({@code steps}); the publisher keeps going past it. */
    static final int CAP = 2000;
    private final KafkaSnapshotSink sink;
    private final String group;
    private final int seeds;
    private final long periodMs;
    private final FloatMatrix baseFD;
    private final Set<Long> stopRequested = ConcurrentHashMap.newKeySet();
    private final Set<Long> stopped = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;

    SnapshotPublisher(String bootstrap, String topic, String group, int seeds, long periodMs) {
        this.sink = KafkaSnapshotSink.create(bootstrap, topic, DType.F32);
        this.group = group;
        this.seeds = seeds;
        this.periodMs = periodMs;
        this.baseFD = SyntheticSaes.gaussian(F, D, 42);
        this.thread = new Thread(this::loop, "snapshot-publisher");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Like {@code MultiSeedTrainer.stop}: the seed's next snapshot is its last. */
    void stop(long seed) {
        stopRequested.add(seed);
    }

    private void loop() {
        for (long step = 100; running; step += 100) {
            for (long seed = 0; seed < seeds; seed++) {
                if (!stopped.contains(seed)) {
                    sink.accept(snapshot(seed, step, stopRequested.contains(seed)));
                }
            }
            stopped.addAll(stopRequested);
            sink.flush();
            try {
                Thread.sleep(periodMs);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private SaeSnapshot snapshot(long seed, long step, boolean last) {
        Map<String, String> m = SnapshotMetadata.required(group, seed, step, "topk", "resid_post");
        m.put("k", "4");
        m.put("expansion", Integer.toString(F / D));
        m.put("d_in", Integer.toString(D));
        m.put("d_sae", Integer.toString(F));
        m.put("lr", "0.001");
        m.put("steps", Integer.toString(CAP));
        m.put("mse", Double.toString(0.1 / (1 + step / 500.0)));
        m.put("dead_fraction", "0.0");
        if (last) {
            m.put("stopped_reason", "stopped by request at step " + step);
        }
        return new SaeSnapshot(m, SyntheticSaes.permutedCopy(baseFD, seed * 7919 + 1, 1.5 * Math.exp(-step / 600.0) + 0.02,
                seed * 1000 + step));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
        sink.close();
    }
}
