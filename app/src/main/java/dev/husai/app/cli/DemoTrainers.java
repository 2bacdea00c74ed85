package dev.husai.app.cli;

import dev.husai.core.config.HookPoint;
import dev.husai.core.synth.SynthGenerator;
import dev.husai.core.synth.SynthSpec;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.safetensors.DType;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.stream.kafka.ControlListener;
import dev.husai.stream.kafka.HusaiTopics;
import dev.husai.stream.kafka.KafkaSnapshotSink;
import dev.husai.core.snapshot.SnapshotSink;
import dev.husai.trainer.sae.MultiSeedTrainer;
import dev.husai.trainer.sae.TeeSnapshotSink;
import dev.husai.trainer.sae.TestbedProbe;
import dev.husai.trainer.testbed.ActivationExtractor;
import dev.husai.trainer.testbed.TestbedActivations;
import dev.husai.trainer.testbed.TestbedCheckpoint;
import dev.husai.trainer.testbed.TestbedWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;

/**
 * The demo's (and the soak benchmark's) trainers: SAE groups on the shipped grokked testbed or on Song et al.'s model
 * organism, each on its own thread, publishing snapshots to Kafka and obeying stop messages, as
 * {@code husai train --bootstrap-servers} does.
 */
final class DemoTrainers {
    private final List<Thread> threads = new ArrayList<>();
    private final List<MultiSeedTrainer> running = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    /** The demo's groups: TopK k=16 and ReLU-L1 l1=10, d_sae = 8 x d_in (1024 at resid_post), {@code seeds} seeds each. */
    static List<SaeConfig> groups(int dIn, int seeds, int steps, int snapshotEvery) {
        List<Long> seedList = LongStream.range(0, seeds).boxed().toList();
        SaeConfig.Builder base = SaeConfig.builder(HookPoint.RESID_POST, dIn).dSae(8 * dIn).steps(steps)
                .seeds(seedList).snapshotEvery(snapshotEvery).decaySteps(Math.min(400, steps / 5));
        return List.of(base.arch(SaeConfig.Arch.TOPK).k(16).build(),
                base.arch(SaeConfig.Arch.RELU_L1).l1(10).build());
    }

    /** The hook token of the demo's model-organism group. */
    static final String ORGANISM = "organism";

    /**
     * What a newcomer should see first, chosen from the study (docs/sweep.md, docs/study/): TopK with 32 latents on
     * Song et al. 2025's model organism (32 true atoms in d 16; its seeds' latents crystallize: in the study, shared
     * fraction 0.947 against a chance level of 0.03) beside the study's TopK with 512 latents, k = 4, on the testbed's
     * resid_post, whose variance lives in 8 directions (shared fraction 0.000; PW-MCC 0.44 against a random baseline of
     * 0.26: nothing is shared across seeds).
     */
    static List<SaeConfig> demoGroups(int testbedDIn, int seeds, int steps, int snapshotEvery) {
        List<Long> seedList = LongStream.range(0, seeds).boxed().toList();
        SaeConfig organism = SaeConfig.builder(HookPoint.external(ORGANISM), SynthSpec.song(0).d())
                .arch(SaeConfig.Arch.TOPK).dSae(32).k(3).lr(1e-2).batchSize(256).steps(steps).seeds(seedList)
                .snapshotEvery(snapshotEvery).decaySteps(Math.min(400, steps / 5)).build();
        SaeConfig testbed = SaeConfig.builder(HookPoint.RESID_POST, testbedDIn).arch(SaeConfig.Arch.TOPK).dSae(512).k(4)
                .lr(3e-3).batchSize(128).steps(steps).seeds(seedList).snapshotEvery(snapshotEvery)
                .decaySteps(Math.min(400, steps / 5)).build();
        return List.of(organism, testbed);
    }

    /** Starts the demo's groups ({@link #demoGroups}); returns at once. */
    void start(String bootstrap, HusaiTopics topics, int seeds, int steps, int snapshotEvery) {
        start(bootstrap, topics, demoGroups(TestbedCheckpoint.shipped().weights().config().dModel(), seeds, steps,
                snapshotEvery), List.of());
    }

    /**
     * Starts one thread per group on the shipped testbed's activations at each group's hook; returns at once.
     * Every snapshot also goes to {@code extraSinks} (e.g. a counter).
     */
    void start(String bootstrap, HusaiTopics topics, List<SaeConfig> configs, List<SnapshotSink> extraSinks) {
        TestbedWeights weights = TestbedCheckpoint.shipped().weights();
        TestbedActivations acts = ActivationExtractor.extract(weights);
        for (SaeConfig config : configs) {
            boolean testbed = config.hook().isTestbed();
            FloatMatrix data = testbed ? acts.at(config.hook()) : SynthGenerator.generate(SynthSpec.song(0)).activationsND();
            Thread t = new Thread(() -> train(config, testbed ? weights : null, data, bootstrap, topics, extraSinks),
                    "demo-" + config.groupId());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void train(SaeConfig config, TestbedWeights weights, FloatMatrix data, String bootstrap, HusaiTopics topics,
                       List<SnapshotSink> extraSinks) {
        try (TestbedProbe probe = weights == null ? null : new TestbedProbe(weights, config.hook());
             SnapshotSink sink = sink(bootstrap, topics, extraSinks);
             MultiSeedTrainer trainer = new MultiSeedTrainer(config, data, null, probe, sink, List.of());
             ControlListener control = new ControlListener(bootstrap, topics.control(), config.groupId(),
                     m -> trainer.stop(m.seed())).start()) {
            running.add(trainer);
            trainer.run();
            System.out.println("husai demo: group " + config.groupId() + " finished");
        } catch (Exception | OutOfMemoryError e) {
            failures.add(config.groupId() + ": " + e);
            System.err.println("husai demo: group " + config.groupId() + " failed: "
                    + (e instanceof OutOfMemoryError ? Errors.outOfMemory() : e));
        }
    }

    /** Kafka, then each extra sink (closed with it). */
    private static SnapshotSink sink(String bootstrap, HusaiTopics topics, List<SnapshotSink> extra) {
        SnapshotSink kafka = KafkaSnapshotSink.create(bootstrap, topics.snapshots(), DType.F16);
        if (extra.isEmpty()) {
            return kafka;
        }
        List<SnapshotSink> all = new ArrayList<>(List.of(kafka));
        all.addAll(extra);
        return new TeeSnapshotSink(all);
    }

    /** The groups that failed so far, each with its error. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Stops every seed of every running group and waits for the threads. */
    void stopAll() throws InterruptedException {
        for (MultiSeedTrainer t : running) {
            for (long seed = 0; seed < 64; seed++) {
                t.stop(seed);
            }
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
    }
}
