package dev.husai.app.bench;

import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.trainer.sae.EngineChoice;
import dev.husai.trainer.sae.MultiSeedTrainer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.LongStream;

/**
 * The SAE engines side by side per architecture: for each arch and each engine, S seeds trained together on the same
 * Gaussian rows ({@code n x d}, {@code d_sae}, k; JumpReLU's target L0 and Matryoshka's default prefixes), the median
 * of the per-step wall times after untimed warm-up steps (the JIT, PyTorch's first calls). No snapshots are taken.
 *
 * @param n rows per step
 * @param steps timed steps (the median is over them)
 * @param warmup untimed steps first
 */
public record EngineBench(int n, int d, int dSae, int k, int seeds, int steps, int warmup) {

    /** One arch on one engine: median, fastest and slowest step (ms) and the engine's own name. */
    public record Row(Arch arch, String engine, double medianMs, double minMs, double maxMs) {
    }

    /** Runs every arch of {@code archs} on every engine of {@code engines}, telling {@code out} each row as it ends. */
    public List<Row> run(List<Arch> archs, List<EngineChoice> engines, FloatMatrix data, Consumer<Row> out) {
        return archs.stream().flatMap(a -> engines.stream().map(e -> {
            Row r = time(a, e, data);
            out.accept(r);
            return r;
        })).toList();
    }

    private Row time(Arch arch, EngineChoice engine, FloatMatrix data) {
        SaeConfig c = SaeConfig.builder(HookPoint.RESID_POST, d).arch(arch).dSae(dSae).k(k).batchSize(n)
                .steps(warmup + steps + 1).snapshotEvery(Integer.MAX_VALUE).warmupSteps(0).decaySteps(0)
                .seeds(LongStream.range(0, seeds).boxed().toList()).build();
        double[] ms = new double[steps];
        try (MultiSeedTrainer t = new MultiSeedTrainer(c, data, null, null, snapshot -> { }, List.of(), engine)) {
            for (int i = 0; i < warmup; i++) {
                t.trainStep();
            }
            for (int i = 0; i < steps; i++) {
                long t0 = System.nanoTime();
                t.trainStep();
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            double median = steps % 2 == 1 ? ms[steps / 2] : (ms[steps / 2 - 1] + ms[steps / 2]) / 2;
            return new Row(arch, t.kernelName(), median, ms[0], ms[steps - 1]);
        }
    }

    /** One table line: arch, engine, median / min / max ms per step and seed-rows per second. */
    public String format(Row r) {
        return String.format(Locale.ROOT, "%-22s %-14s %9.1f ms/step  (min %.1f, max %.1f)  %9.0f seed-rows/s",
                r.arch().wireName(), r.engine(), r.medianMs(), r.minMs(), r.maxMs(), seeds * (double) n / r.medianMs() * 1000);
    }
}
