package dev.husai.trainer.sae;

import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.tensor.FloatMatrix;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PerfProbe {
    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    @Test
    void probe() {
        int n = 4096, d = 128, f = 1024;
        Random rng = new Random(0);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        FloatMatrix data = new FloatMatrix(n, d, x);
        Arch arch = Arch.parse(System.getProperty("probe.arch", "topk"));
        int seeds = Integer.getInteger("probe.seeds", 1);
        SaeConfig c = SaeConfig.builder(HookPoint.RESID_POST, d).arch(arch).dSae(f).k(32).batchSize(n)
                .steps(100).snapshotEvery(Integer.MAX_VALUE).warmupSteps(0).decaySteps(0)
                .seeds(LongStream.range(0, seeds).boxed().toList()).build();
        try (MultiSeedTrainer a = new MultiSeedTrainer(c, data, null, null, s -> { }, List.of(), EngineChoice.BLAS);
             MultiSeedTrainer b = new MultiSeedTrainer(c, data, null, null, s -> { }, List.of(), EngineChoice.BLAS)) {
            long ca = 0, cb = 0;
            for (int i = 0; i < 14; i++) {
                if (i == 4) { a.profile().reset(); b.profile().reset(); }
                System.setProperty("husai.sae.rowMajor", "false");
                long c0 = cpu();
                a.trainStep();
                long c1 = cpu();
                System.setProperty("husai.sae.rowMajor", "true");
                b.trainStep();
                long c2 = cpu();
                if (i >= 4) { ca += c1 - c0; cb += c2 - c1; }
            }
            System.out.printf("process cpu ms/step: latent-major %.1f row-major %.1f%n", ca / 10e6, cb / 10e6);
            System.out.println("latent-major:\n" + a.profile().table() + "row-major:\n" + b.profile().table());
        }
    }
}
