package dev.husai.trainer.sae;

import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecoveryProbeTest {
    @Test
    void probe() {
        PlantedFeatures pf = PlantedFeatures.generate(32, 64, 8192, 4, 7);
        for (SaeConfig.Arch arch : SaeConfig.Arch.values()) {
            SaeConfig c = SaeConfig.builder(HookPoint.RESID_POST, 32).arch(arch).expansion(4).k(4).l1(Double.parseDouble(System.getProperty("l1", "0.05")))
                    .l1WarmupSteps(200).lr(3e-3).batchSize(256).steps(Integer.getInteger("steps", 2000)).snapshotEvery(500).seeds(List.of(0L)).build();
            long t0 = System.nanoTime();
            InMemorySnapshotSink sink = new InMemorySnapshotSink();
            try (MultiSeedTrainer t = new MultiSeedTrainer(c, pf.dataND(), null, null, sink, List.of(new PrintingProgressListener(System.out)))) {
                Map<Long, MultiSeedTrainer.SeedResult> r = t.run();
                var w = r.get(0L).weights();
                System.out.printf("%s recovery mean %.4f worst %.4f in %.1f s metrics %s%n", arch, pf.recovery(w.wDecFD()),
                        pf.worstRecovery(w.wDecFD()), (System.nanoTime() - t0) / 1e9, r.get(0L).metrics());
            }
        }
    }
}
