package dev.husai.trainer.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SaeWeights;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each architecture recovers planted sparse features (64 unit directions in d = 32, about 4 active per row; d_sae 128,
 * k 4). The two newer archs train 3000 steps at lr 1e-2 (the older three: 1500 at 3e-3): JumpReLU's thresholds start
 * at 0.001 (in the data's RMS units, as the paper) and Adam moves log theta by about lr a step, so they need
 * ln(theta / theta_0) / lr steps to reach the features' scale. Matryoshka's recovery run uses prefixes 64, 128: with
 * 64 independent features of equal frequency, smaller first levels must hold mixtures of them (the absorption the
 * nested loss trades for a coarse-to-fine order; Bussmann et al. 2025), measured 0.942 with the default 8..128.
 */
class ArchitectureRecoveryTest {
    private static PlantedFeatures planted;

    @BeforeAll
    static void data() {
        planted = PlantedFeatures.generate(32, 64, 8192, 4, 7);
    }

    static SaeConfig config(Arch arch) {
        boolean newer = arch == Arch.JUMPRELU || arch == Arch.MATRYOSHKA_BATCH_TOPK;
        return SaeConfig.builder(HookPoint.RESID_POST, 32).arch(arch).expansion(4).k(4).l1(0.5).l1WarmupSteps(200)
                .lr(newer ? 1e-2 : 3e-3).batchSize(256).steps(newer ? 3000 : 1500).snapshotEvery(newer ? 1000 : 500)
                .prefixes(arch == Arch.MATRYOSHKA_BATCH_TOPK ? List.of(64) : List.of()).seeds(List.of(0L)).build();
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void recoversPlantedFeatures(Arch arch) {
        InMemorySnapshotSink sink = new InMemorySnapshotSink();
        try (MultiSeedTrainer t = new MultiSeedTrainer(config(arch), planted.dataND(), null, null, sink, List.of())) {
            SaeWeights w = t.run().get(0L).weights();
            double recovery = planted.recovery(w.wDecFD());
            assertTrue(recovery > 0.95, arch + ": expected mean matched cosine > 0.95, found " + recovery);
        }
        assertEquals(3, sink.snapshots().size());
        assertEquals("true", sink.snapshots().get(2).meta("final", "false"));
    }

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = {"TOPK", "BATCH_TOPK", "JUMPRELU", "MATRYOSHKA_BATCH_TOPK"})
    void decoderRowsStayUnitNorm(Arch arch) {
        InMemorySnapshotSink sink = new InMemorySnapshotSink();
        try (MultiSeedTrainer t = new MultiSeedTrainer(config(arch).toBuilder().steps(300).snapshotEvery(100).build(),
                planted.dataND(), null, null, sink, List.of())) {
            t.run();
        }
        for (SaeSnapshot s : sink.snapshots()) {
            var dec = s.weights().wDecFD();
            for (int f = 0; f < dec.rows(); f++) {
                double norm = 0;
                for (float v : dec.row(f)) {
                    norm += v * v;
                }
                assertEquals(1.0, Math.sqrt(norm), 1e-5, "row " + f + " at step " + s.meta("step", "?"));
            }
        }
    }

    @Test
    void batchTopKMeanL0EqualsKInTraining() {
        InMemorySnapshotSink sink = new InMemorySnapshotSink();
        SaeConfig c = config(Arch.BATCH_TOPK).toBuilder().steps(200).snapshotEvery(20).build();
        try (MultiSeedTrainer t = new MultiSeedTrainer(c, planted.dataND(), null, null, sink, List.of())) {
            t.run();
        }
        for (SaeSnapshot s : sink.snapshots()) {
            assertEquals(4.0, Double.parseDouble(s.meta("train_l0", "NaN")), 1e-9, "step " + s.meta("step", "?"));
            assertTrue(Double.parseDouble(s.meta("threshold", "0")) > 0, "a positive inference threshold");
        }
        assertTrue(sink.snapshots().get(0).weights().thresholdF() != null, "BatchTopK saves its threshold");
    }
}
