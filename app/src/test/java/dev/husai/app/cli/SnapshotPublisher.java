package dev.husai.app.cli;

import dev.husai.core.safetensors.DType;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.stream.kafka.KafkaSnapshotSink;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
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
        this.baseFD = gaussian(F, D, 42);
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
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format_version", SaeSnapshot.FORMAT_VERSION);
        m.put("group", group);
        m.put("seed", Long.toString(seed));
        m.put("step", Long.toString(step));
        m.put("arch", "topk");
        m.put("hook", "resid_post");
        m.put("k", "4");
        m.put("expansion", Integer.toString(F / D));
        m.put("d_in", Integer.toString(D));
        m.put("d_sae", Integer.toString(F));
        m.put("lr", "0.001");
        m.put("mse", Double.toString(0.1 / (1 + step / 500.0)));
        m.put("dead_fraction", "0.0");
        if (last) {
            m.put("stopped_reason", "stopped by request at step " + step);
        }
        return new SaeSnapshot(m, weights(seed, 1.5 * Math.exp(-step / 600.0) + 0.02, seed * 1000 + step));
    }

    /** The base decoder with rows permuted by the seed plus uniform noise of amplitude {@code noise}. */
    private SaeWeights weights(long seed, double noise, long noiseSeed) {
        SplittableRandom permutation = new SplittableRandom(seed * 7919 + 1);
        int[] perm = new int[F];
        for (int i = 0; i < F; i++) {
            perm[i] = i;
        }
        for (int i = F - 1; i > 0; i--) {
            int j = permutation.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        SplittableRandom r = new SplittableRandom(noiseSeed);
        float[] dec = new float[F * D];
        for (int i = 0; i < F * D; i++) {
            dec[i] = baseFD.data()[perm[i / D] * D + i % D] + (float) (noise * (r.nextDouble() * 2 - 1));
        }
        FloatMatrix decFD = new FloatMatrix(F, D, dec);
        return new SaeWeights(decFD.transpose(), decFD, new float[F], new float[D], null);
    }

    private static FloatMatrix gaussian(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return new FloatMatrix(rows, cols, x);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
        sink.close();
    }
}
