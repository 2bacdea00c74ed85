package dev.husai.app.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.app.sweep.SummaryFile;
import dev.husai.app.sweep.SweepFile;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.format.Npy;
import dev.husai.core.safetensors.DType;
import dev.husai.core.sweep.SweepSpec;
import dev.husai.core.synth.SynthData;
import dev.husai.core.synth.SynthGenerator;
import dev.husai.core.synth.SynthSpec;
import dev.husai.core.synth.TruthDictionary;
import dev.husai.stream.kafka.EmbeddedKafka;
import dev.husai.stream.kafka.KafkaSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A distributed sweep on the embedded broker with two in-process workers: the one holding the work dies in the middle
 * of its first group, the other takes that group over and trains the rest; the coordinator's directory holds every
 * group's summary and snapshots, each group's results were committed exactly once, and a restarted coordinator
 * publishes nothing twice.
 */
class DistributedSweepTest {
    @TempDir
    Path tmp;

    @Test
    void aGroupWhoseWorkerDiesIsTakenOverAndNoneIsLostOrDoneTwice() throws Exception {
        SynthData data = SynthGenerator.generate(SynthSpec.song(1));
        Path dataDir = Files.createDirectories(tmp.resolve("data"));
        Files.write(dataDir.resolve("acts.npy"), Npy.encode(data.activationsND(), DType.F32));
        Files.write(dataDir.resolve("truth.safetensors"), TruthDictionary.of(data).encode());
        String text = "name: dist\nseeds: 0..2\nsteps: 300\nsnapshot_every: 50\nbatch_size: 256\nlr: 0.004\n"
                + "activations: acts.npy\ntruth: truth.safetensors\ngrid:\n  - arch: [topk, batch_topk]\n    d_sae: [16, 32]\n    k: 3\n";
        SweepSpec spec = SweepFile.parse(text, "dist.yaml");
        List<SaeConfig> configs = spec.configs(16);
        Path out = tmp.resolve("out");
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp)) {
            String b = kafka.bootstrapServers();
            // one work partition: the worker that holds it trains; the other waits to take over
            SweepTopics topics = new SweepTopics("husai.sweep.work", "husai.sweep.results", 1);
            SweepCoordinator coordinator = new SweepCoordinator(b, topics, out, log::add);
            Thread collecting = new Thread(() -> coordinator.run("dist", text, "dist.yaml", configs, Duration.ofMinutes(4)));
            collecting.start();

            CountDownLatch training = new CountDownLatch(1);
            CountDownLatch standby = new CountDownLatch(1);
            SweepWorker doomed = worker(b, topics, dataDir, "a", log).onProgress(p -> {
                training.countDown();
                if (p.step() == 100) {
                    await(standby);
                    throw new IllegalStateException("simulated crash of worker a at step 100 of " + p.group());
                }
            });
            Thread a = start(doomed);
            assertTrue(training.await(90, TimeUnit.SECONDS), "worker a took a group: " + log);
            SweepWorker survivor = worker(b, topics, dataDir, "b", log);
            Thread second = start(survivor);
            Thread.sleep(2000);
            standby.countDown();
            a.join(20_000);
            collecting.join(TimeUnit.MINUTES.toMillis(4));
            String killed = log.stream().filter(l -> l.startsWith("a: worker: training")).findFirst().orElseThrow()
                    .replaceAll(".* ", "");

            for (SaeConfig c : configs) {
                Path group = out.resolve(c.groupId());
                SummaryFile s = SummaryFile.read(group.resolve(SummaryFile.NAME));
                assertEquals(3, s.result().seeds());
                assertTrue(s.result().truth().mccVsTruth() > s.result().truth().baselineMcc() + 0.1, "a trained SAE came back: "
                        + s.result().truth());
                for (int seed = 0; seed < 3; seed++) {
                    assertTrue(Files.isRegularFile(group.resolve("seed-" + seed).resolve("step-300.safetensors"))
                            || Files.isRegularFile(group.resolve("seed-" + seed).resolve("final.safetensors")), group + " seed " + seed);
                }
            }
            Map<String, Integer> committed = committedSummaries(b, topics);
            assertEquals(configs.size(), committed.size(), "every group's summary committed: " + committed);
            assertTrue(committed.values().stream().allMatch(n -> n == 1), "none committed twice: " + committed);
            assertTrue(log.stream().noneMatch(l -> l.startsWith("a: worker: sent")), "the dead worker sent nothing: " + log);
            assertEquals(configs.size(), log.stream().filter(l -> l.startsWith("b: worker: sent")).count(),
                    "worker b sent every group once, the dead worker's too: " + log);
            assertTrue(log.contains("b: worker: sent " + killed), killed + " was taken over: " + log);

            log.clear();
            assertTrue(coordinator.run("dist", text, "dist.yaml", configs, Duration.ofSeconds(30)));
            assertTrue(log.contains("coordinator: " + configs.size() + " of " + configs.size() + " groups already done in " + out), log.toString());
            assertTrue(log.stream().anyMatch(l -> l.startsWith("coordinator: published 0 groups")), log.toString());
            survivor.stop();
            second.join(10_000);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static SweepWorker worker(String b, SweepTopics topics, Path dataDir, String name, List<String> log) throws Exception {
        return new SweepWorker(b, topics, Files.createTempDirectory("husai-w-" + name), dataDir, "shipped",
                line -> log.add(name + ": " + line));
    }

    private static Thread start(SweepWorker w) {
        Thread t = new Thread(() -> {
            try {
                w.run();
            } catch (RuntimeException e) {
                // the simulated crash: the worker's clients are closed without a commit
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Summary records per group on the results topic, committed transactions only. */
    private static Map<String, Integer> committedSummaries(String b, SweepTopics topics) {
        Map<String, Object> cfg = KafkaSettings.groupless(b);
        cfg.put("isolation.level", "read_committed");
        Map<String, Integer> out = new HashMap<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(cfg)) {
            TopicPartition p = new TopicPartition(topics.results(), 0);
            c.assign(List.of(p));
            c.seekToBeginning(List.of(p));
            long end = c.endOffsets(List.of(p)).get(p);
            while (c.position(p) < end) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (SummaryFile.NAME.equals(GroupShipment.header(r.headers(), GroupShipment.PATH))) {
                        out.merge(GroupShipment.header(r.headers(), GroupShipment.GROUP), 1, Integer::sum);
                    }
                }
            }
        }
        return out;
    }
}
