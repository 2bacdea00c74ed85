package dev.husai.trainer.sae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.safetensors.DType;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SaeWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reproducibility, seeds, stopping, NaN handling and snapshot output of the multi-seed loop. */
class MultiSeedTrainerTest {
    private static PlantedFeatures planted;

    @BeforeAll
    static void data() {
        planted = PlantedFeatures.generate(16, 24, 2048, 3, 11);
    }

    private static SaeConfig config(Arch arch, List<Long> seeds, int steps) {
        return SaeConfig.builder(HookPoint.RESID_POST, 16).arch(arch).expansion(4).k(3).l1(0.3).lr(3e-3)
                .batchSize(128).steps(steps).snapshotEvery(50).seeds(seeds).deadWindow(20).build();
    }

    private static Map<Long, MultiSeedTrainer.SeedResult> train(SaeConfig c, InMemorySnapshotSink sink) {
        try (MultiSeedTrainer t = new MultiSeedTrainer(c, planted.dataND(), null, null, sink, List.of())) {
            return t.run();
        }
    }

    private static void assertSameWeights(SaeWeights a, SaeWeights b) {
        assertEquals(a.wEncDF(), b.wEncDF());
        assertEquals(a.wDecFD(), b.wDecFD());
        assertArrayEquals(a.bEncF(), b.bEncF());
        assertArrayEquals(a.bDecD(), b.bDecD());
        assertArrayEquals(a.thresholdF(), b.thresholdF());
    }

    @Test
    void sameConfigGivesIdenticalWeightsAndSeedsDiffer() {
        for (Arch arch : Arch.values()) {
            SaeConfig c = config(arch, List.of(3L, 4L), 120);
            Map<Long, MultiSeedTrainer.SeedResult> first = train(c, new InMemorySnapshotSink());
            Map<Long, MultiSeedTrainer.SeedResult> second = train(c, new InMemorySnapshotSink());
            assertSameWeights(first.get(3L).weights(), second.get(3L).weights());
            assertSameWeights(first.get(4L).weights(), second.get(4L).weights());
            assertNotEquals(first.get(3L).weights().wDecFD(), first.get(4L).weights().wDecFD(), arch + ": seeds must differ");
        }
    }

    /**
     * The fused paths (dense product and selection block by block, {@link BlasEngine}: TopK's, and BatchTopK's and
     * Matryoshka's with their candidates above a lower cut) train the same bits as the unfused one: a lone seed (two
     * row chunks) and three seeds, blocks of 64 rows with a short last one per chunk (2,048 latents, 250-row chunks),
     * AuxK on (dead latents after 5 steps); 30 steps: the batch cut from the whole pre-activations at the first, from
     * the candidates above the last cut's nine tenths at the 29 others.
     */
    @Test
    void fusedPathsTrainTheSameBitsAsUnfused() {
        PlantedFeatures data = PlantedFeatures.generate(16, 48, 1500, 3, 5);
        for (Arch arch : List.of(Arch.TOPK, Arch.BATCH_TOPK, Arch.MATRYOSHKA_BATCH_TOPK))
        for (List<Long> seeds : List.of(List.of(7L), List.of(0L, 1L, 2L))) {
            SaeConfig c = SaeConfig.builder(HookPoint.RESID_POST, 16).arch(arch).dSae(2048).k(3).lr(3e-3)
                    .batchSize(500).steps(30).snapshotEvery(30).seeds(seeds).deadWindow(5).build();
            Map<Long, MultiSeedTrainer.SeedResult> fused = trainWith(c, data, "true");
            Map<Long, MultiSeedTrainer.SeedResult> unfused = trainWith(c, data, "false");
            for (long seed : seeds) {
                assertSameWeights(unfused.get(seed).weights(), fused.get(seed).weights());
                assertEquals(unfused.get(seed).metrics(), fused.get(seed).metrics());
                assertTrue(fused.get(seed).metrics().get("auxk_loss") > 0, "AuxK ran: " + fused.get(seed).metrics());
            }
        }
    }

    private static Map<Long, MultiSeedTrainer.SeedResult> trainWith(SaeConfig c, PlantedFeatures data, String fused) {
        String kernel = System.getProperty("husai.sae.kernel");
        System.setProperty("husai.sae.kernel", "blas");
        System.setProperty("husai.sae.fused", fused);
        try (MultiSeedTrainer t = new MultiSeedTrainer(c, data.dataND(), null, null, new InMemorySnapshotSink(), List.of())) {
            assertTrue(t.kernelName().startsWith("blas"), t.kernelName());
            return t.run();
        } finally {
            System.clearProperty("husai.sae.fused");
            if (kernel == null) {
                System.clearProperty("husai.sae.kernel");
            } else {
                System.setProperty("husai.sae.kernel", kernel);
            }
        }
    }

    @Test
    void aSeedTrainsTheSameAloneOrInAGroup() {
        SaeConfig group = config(Arch.TOPK, List.of(0L, 1L, 2L), 60);
        SaeWeights inGroup = train(group, new InMemorySnapshotSink()).get(1L).weights();
        SaeWeights alone = train(group.toBuilder().seeds(List.of(1L)).build(), new InMemorySnapshotSink()).get(1L).weights();
        assertEquals(inGroup.wDecFD().rows(), alone.wDecFD().rows());
        double maxDiff = 0;
        for (int i = 0; i < alone.wDecFD().data().length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(alone.wDecFD().data()[i] - inGroup.wDecFD().data()[i]));
        }
        assertTrue(maxDiff < 1e-3, "expected the same training alone and in a group, max |diff| " + maxDiff);
    }

    @Test
    void aDictionaryNarrowerThanTheInputTrains() {
        for (Arch arch : Arch.values()) {
            SaeConfig narrow = SaeConfig.builder(HookPoint.RESID_POST, 16).arch(arch).dSae(8).k(2).l1(0.3).lr(3e-3)
                    .batchSize(128).steps(40).snapshotEvery(20).seeds(List.of(0L, 1L)).deadWindow(20).build();
            assertEquals(0.5, narrow.expansion());
            for (MultiSeedTrainer.SeedResult r : train(narrow, new InMemorySnapshotSink()).values()) {
                SaeWeights w = r.weights();
                assertEquals(List.of(8, 16), List.of(w.wDecFD().rows(), w.wDecFD().cols()), arch + ": W_dec [d_sae, d_in]");
                for (float v : w.wDecFD().data()) {
                    assertTrue(Float.isFinite(v), arch + ": finite decoder weights");
                }
                assertTrue(r.metrics().get("fvu") < 1, arch + ": a few steps reconstruct part of the signal: " + r.metrics());
            }
        }
    }

    @Test
    void stopStopsOnlyThatSeed() {
        InMemorySnapshotSink sink = new InMemorySnapshotSink();
        AtomicReference<MultiSeedTrainer> trainer = new AtomicReference<>();
        ProgressListener stopAt100 = p -> {
            if (p.step() == 100) {
                assertTrue(trainer.get().stop(1L));
            }
        };
        try (MultiSeedTrainer t = new MultiSeedTrainer(config(Arch.TOPK, List.of(0L, 1L, 2L), 200), planted.dataND(), null,
                null, sink, List.of(stopAt100))) {
            trainer.set(t);
            Map<Long, MultiSeedTrainer.SeedResult> r = t.run();
            assertFalse(t.stop(1L), "already stopped");
            assertEquals(101, r.get(1L).lastStep());
            assertEquals(200, r.get(0L).lastStep());
            assertEquals(200, r.get(2L).lastStep());
            assertNull(r.get(0L).stoppedReason());
        }
        List<SaeSnapshot> stopped = sink.ofSeed(1L);
        SaeSnapshot last = stopped.get(stopped.size() - 1);
        assertEquals("stopped by request at step 101", last.meta("stopped_reason", ""));
        assertEquals("true", last.meta("final", ""));
        assertEquals(List.of("50", "100", "150", "200"), sink.ofSeed(2L).stream().map(s -> s.meta("step", "")).toList());
    }

    @Test
    void aFinishRuleEndsEverySeedAtItsSnapshotWithFinalSnapshots() {
        InMemorySnapshotSink sink = new InMemorySnapshotSink();
        List<Integer> asked = new java.util.ArrayList<>();
        FinishRule at100 = (step, weights, metrics) -> {
            asked.add(step);
            assertEquals(List.of(0L, 1L), List.copyOf(weights.keySet()), "the weights of every training seed");
            assertEquals(3.0, metrics.get(1L).get("l0"), 1e-9, "and their snapshot metrics (TopK k=3)");
            return step == 100;
        };
        try (MultiSeedTrainer t = new MultiSeedTrainer(config(Arch.TOPK, List.of(0L, 1L), 300), planted.dataND(), null,
                null, sink, List.of())) {
            Map<Long, MultiSeedTrainer.SeedResult> r = t.finishWhen(at100).run();
            assertEquals(100, t.step());
            assertFalse(t.trainStep(), "a finished trainer trains no more");
            assertEquals(100, r.get(0L).lastStep());
            assertNull(r.get(1L).stoppedReason(), "finishing is not a failure");
        }
        assertEquals(List.of(50, 100), asked);
        for (long seed : List.of(0L, 1L)) {
            assertEquals(List.of("50", "100"), sink.ofSeed(seed).stream().map(s -> s.meta("step", "")).toList());
            assertEquals(List.of("", "true"), sink.ofSeed(seed).stream().map(s -> s.meta("final", "")).toList());
            assertEquals(3.0, Double.parseDouble(sink.ofSeed(seed).get(1).meta("l0", "")), 1e-9, "the metrics the rule saw are the snapshot's");
        }
    }

    @Test
    void nanStopsThatSeedWithAReason() {
        InMemorySnapshotSink sink = new InMemorySnapshotSink();
        try (MultiSeedTrainer t = new MultiSeedTrainer(config(Arch.BATCH_TOPK, List.of(0L, 1L), 100), planted.dataND(), null,
                null, sink, List.of())) {
            for (int i = 0; i < 30; i++) {
                t.trainStep();
            }
            t.poison(1L);
            Map<Long, MultiSeedTrainer.SeedResult> r = t.run();
            assertTrue(r.get(1L).stoppedReason().startsWith("non-finite loss (NaN) at step 31"), r.get(1L).stoppedReason());
            assertEquals(100, r.get(0L).lastStep());
        }
        List<SaeSnapshot> s1 = sink.ofSeed(1L);
        assertEquals(1, s1.size());
        assertTrue(s1.get(0).meta("stopped_reason", "").contains("non-finite"));
        assertTrue(s1.get(0).weights().firstNonFinite() != null, "the snapshot keeps the evidence");
    }

    @Test
    void snapshotsCarryTheMetadataAndLandInTheDirectory(@TempDir Path dir) throws Exception {
        SaeConfig c = config(Arch.TOPK, List.of(5L), 100);
        try (MultiSeedTrainer t = new MultiSeedTrainer(c, planted.dataND(), null, null,
                new DirectorySnapshotSink(dir, DType.F32), List.of())) {
            t.run();
        }
        Path seedDir = DirectorySnapshotSink.seedDir(dir, c.groupId(), 5L);
        assertTrue(Files.exists(seedDir.resolve("step-000050.safetensors")));
        assertTrue(Files.exists(seedDir.resolve("step-000100.safetensors")));
        SaeSnapshot fin = SaeSnapshot.decode(Files.readAllBytes(seedDir.resolve("final.safetensors")));
        for (String key : List.of("format_version", "group", "seed", "step", "arch", "hook", "k", "expansion", "d_in",
                "d_sae", "mse", "fvu", "l0", "dead_fraction", "auxk_loss")) {
            assertTrue(fin.metadata().containsKey(key), "missing metadata " + key + " in " + fin.metadata());
        }
        assertEquals("resid_post.topk.f64.k3.lr0.003.b128.s100", fin.meta("group", ""));
        assertEquals("64", fin.meta("d_sae", ""));
        assertEquals("4", fin.meta("expansion", ""), "the derived expansion, plain");
        assertEquals("100", fin.meta("step", ""));
        assertEquals(64, fin.weights().dSae());
        assertTrue(Double.parseDouble(fin.meta("fvu", "1")) < 1);
    }
}
