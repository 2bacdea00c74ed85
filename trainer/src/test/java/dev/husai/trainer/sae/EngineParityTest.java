package dev.husai.trainer.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SaeWeights;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The DJL engine against the BLAS engine: from the same init and batches, both engines' weights agree after 100
 * steps within 1e-4 relative for every architecture, relative meaning {@code max |a - b| / max |a|} over each tensor
 * (W_enc, W_dec, b_enc, b_dec, threshold) of each seed, a = BLAS, b = DJL. The settings reach every branch: AuxK
 * (dead window 5 makes latents dead early), the L1 warm-up, the JumpReLU target penalty, Matryoshka's prefixes; the
 * learning rate 1e-3 with a warm-up. And the DJL engine keeps a constant number of live NDArrays from step to step,
 * and stops a seed whose weights turned NaN (its snapshot keeps the evidence) while the others go on.
 */
class EngineParityTest {
    private static PlantedFeatures planted;

    @BeforeAll
    static void data() {
        planted = PlantedFeatures.generate(16, 24, 4096, 3, 11);
    }

    private static SaeConfig config(Arch arch, int steps) {
        return SaeConfig.builder(HookPoint.RESID_POST, 16).arch(arch).dSae(32).k(4).l1(0.3).l1WarmupSteps(20)
                .lr(1e-3).warmupSteps(10).decaySteps(0).batchSize(64).steps(steps).snapshotEvery(50)
                .seeds(List.of(0L, 1L)).deadWindow(5).build();
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void djlMatchesBlasAfter100Steps(Arch arch) {
        SaeConfig c = config(arch, 100);
        Map<Long, MultiSeedTrainer.SeedResult> blas = train(c, EngineChoice.BLAS);
        Map<Long, MultiSeedTrainer.SeedResult> djl = train(c, EngineChoice.DJL_CPU);
        for (long seed : c.seeds()) {
            SaeWeights a = blas.get(seed).weights();
            SaeWeights b = djl.get(seed).weights();
            String where = arch + " seed " + seed;
            assertClose(a.wEncDF().data(), b.wEncDF().data(), where + " W_enc");
            assertClose(a.wDecFD().data(), b.wDecFD().data(), where + " W_dec");
            assertClose(a.bEncF(), b.bEncF(), where + " b_enc");
            assertClose(a.bDecD(), b.bDecD(), where + " b_dec");
            if (a.thresholdF() != null) {
                assertClose(a.thresholdF(), b.thresholdF(), where + " threshold");
            }
            if (arch == Arch.JUMPRELU) {
                float lo = Float.MAX_VALUE;
                float hi = -Float.MAX_VALUE;
                for (float t : a.thresholdF()) {
                    lo = Math.min(lo, t);
                    hi = Math.max(hi, t);
                }
                System.out.printf("JUMPRELU theta in [%g, %g]%n", lo, hi);
                assertTrue(hi > lo, "expected JumpReLU's thresholds trained apart (the estimator's terms compared), found all " + lo);
            }
            Map<String, Double> ma = blas.get(seed).metrics();
            Map<String, Double> mb = djl.get(seed).metrics();
            assertEquals(ma.get("train_l0"), mb.get("train_l0"), 1e-9, where + " train_l0");
            assertEquals(ma.get("train_loss"), mb.get("train_loss"), 1e-4 * Math.abs(ma.get("train_loss")), where + " train_loss");
            assertEquals(ma.get("dead_fraction"), mb.get("dead_fraction"), 1e-9, where + " dead_fraction");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = {"TOPK", "MATRYOSHKA_BATCH_TOPK", "JUMPRELU"})
    void djlEngineHoldsNoArrayPerStep(Arch arch) {
        try (MultiSeedTrainer t = new MultiSeedTrainer(config(arch, 200), planted.dataND(), null, null, snap -> { },
                List.of(), EngineChoice.DJL_CPU)) {
            t.trainStep();
            t.trainStep();
            int before = t.engineLiveArrays();
            assertTrue(before > 0, "the engine holds its parameters");
            for (int i = 0; i < 150; i++) {
                t.trainStep();
            }
            t.stop(1L);
            for (int i = 0; i < 10; i++) {
                t.trainStep();
            }
            assertEquals(before, t.engineLiveArrays(), "live NDArrays after 162 steps (3 snapshots, a seed stopped)");
        }
    }

    @Test
    void djlEngineStopsANanSeedAndTheOthersGoOn() {
        InMemorySnapshotSink sink = new InMemorySnapshotSink();
        try (MultiSeedTrainer t = new MultiSeedTrainer(config(Arch.BATCH_TOPK, 100), planted.dataND(), null, null, sink,
                List.of(), EngineChoice.DJL_CPU)) {
            for (int i = 0; i < 30; i++) {
                t.trainStep();
            }
            t.poison(1L);
            Map<Long, MultiSeedTrainer.SeedResult> r = t.run();
            assertTrue(r.get(1L).stoppedReason().startsWith("non-finite loss (NaN) at step 31"), r.get(1L).stoppedReason());
            assertEquals(100, r.get(0L).lastStep());
            assertTrue(r.get(0L).weights().firstNonFinite() == null, "seed 0 trains on, finite");
        }
        List<SaeSnapshot> s1 = sink.ofSeed(1L);
        assertEquals(1, s1.size(), "seed 1: only its stop snapshot");
        assertTrue(s1.get(0).meta("stopped_reason", "").contains("non-finite"));
        assertTrue(s1.get(0).weights().firstNonFinite() != null, "the snapshot keeps the evidence");
    }

    private static Map<Long, MultiSeedTrainer.SeedResult> train(SaeConfig c, EngineChoice engine) {
        try (MultiSeedTrainer t = new MultiSeedTrainer(c, planted.dataND(), null, null, snap -> { }, List.of(), engine)) {
            return t.run();
        }
    }

    /** {@code max |a - b| / max |a| <= 1e-4}. */
    private static void assertClose(float[] a, float[] b, String what) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(a[i]));
        }
        double rel = diff / Math.max(scale, 1e-30);
        System.out.printf("%s: max|a-b|/max|a| = %.2e%n", what, rel);
        assertTrue(rel <= 1e-4, what + ": expected max|blas - djl| / max|blas| <= 1e-4, found " + rel);
    }
}
