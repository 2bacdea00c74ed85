package dev.husai.trainer.sae;

import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.tensor.FloatMatrix;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class BenchProbeTest {
    @Test
    void bench() {
        Random rng = new Random(0);
        float[] x = new float[4096 * 128];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        FloatMatrix data = new FloatMatrix(4096, 128, x);
        for (int s : new int[] {1, 8}) {
            SaeConfig c = SaeConfig.builder(HookPoint.RESID_POST, 128).expansion(8).k(32).batchSize(4096).steps(1000)
                    .snapshotEvery(100000).seeds(LongStream.range(0, s).boxed().toList()).build();
            try (MultiSeedTrainer t = new MultiSeedTrainer(c, data, null, null, snap -> { }, List.of())) {
                for (int i = 0; i < 3; i++) t.trainStep();
                java.util.Arrays.fill(MultiSeedTrainer.PROF, 0); MultiSeedTrainer.SEL.set(0);
                int steps = 10;
                long t0 = System.nanoTime();
                for (int i = 0; i < steps; i++) t.trainStep();
                double ms = (System.nanoTime() - t0) / 1e6 / steps;
                System.out.printf("sel %.1f ", MultiSeedTrainer.SEL.getAndSet(0) / 1e6 / steps); System.out.printf("S=%d %.1f ms/step  torch %.1f sparse %.1f update %.1f  seed-rows/s %.0f%n", s, ms,
                        MultiSeedTrainer.PROF[0] / 1e6 / steps, MultiSeedTrainer.PROF[1] / 1e6 / steps, MultiSeedTrainer.PROF[2] / 1e6 / steps,
                        s * 4096 / ms * 1000);
            }
        }
    }
}
