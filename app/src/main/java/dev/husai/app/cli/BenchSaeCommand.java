package dev.husai.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.husai.app.bench.PythonAnchor;
import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.app.bench.EngineBench;
import dev.husai.trainer.sae.EngineChoice;
import dev.husai.trainer.sae.MultiSeedTrainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code husai bench sae}: TopK SAE training throughput (n rows per step, d, d_sae, k) for 1 seed and for S seeds
 * trained together, beside the plain-PyTorch anchor ({@code app/src/main/resources/anchors/anchor_sae_step.py}) at the same sizes.
 * Reports samples/s (seed-rows/s for S seeds), the ratios to the anchor, and GFLOP/s against the sgemm roofline:
 * "executed" counts the work HUSAI does (dense encoder 2ndh + four sparse passes 8nkd per seed), "dense-equivalent"
 * the anchor's dense work (5 products of 2ndh) done in the same time.
 */
@Command(name = "sae", mixinStandardHelpOptions = true, description = "TopK SAE step throughput, 1 and S seeds, vs the PyTorch anchor.")
public final class BenchSaeCommand implements Callable<Integer> {
    /** sgemm 2048^3 with numpy/OpenBLAS on this machine kind (DESIGN.md). */
    static final double ROOFLINE_GFLOPS = 199;

    @Option(names = "--n", defaultValue = "4096", description = "rows per step") int n;
    @Option(names = "--d", defaultValue = "128") int d;
    @Option(names = "--h", defaultValue = "1024", description = "d_sae") int h;
    @Option(names = "--k", defaultValue = "32") int k;
    @Option(names = "--seeds", defaultValue = "8", description = "seeds trained together in the second run") int seeds;
    @Option(names = "--steps", defaultValue = "20", description = "timed steps") int steps;
    @Option(names = "--warmup", defaultValue = "5", description = "untimed steps first (JIT)") int warmup;
    @Option(names = "--anchor-steps", defaultValue = "20", description = "anchor steps (0 = skip the anchor)") int anchorSteps;
    @Option(names = "--engines", paramLabel = "E1,E2", split = ",",
            description = "instead: every arch of --archs on each engine (blas, djl = djl on the CPU, djl-gpu), S seeds, "
                    + "the median ms/step over --steps, side by side")
    List<String> engines;
    @Option(names = "--archs", split = ",", defaultValue = "relu_l1,topk,batch_topk,jumprelu,matryoshka_batch_topk",
            description = "archs for --engines (default: all five)")
    List<String> archs;

    @Override
    public Integer call() throws Exception {
        FloatMatrix data = gaussian(n, d);
        if (engines != null) {
            return compareEngines(data);
        }
        Run one = time(data, 1);
        Run many = time(data, seeds);
        System.out.printf(Locale.ROOT, "husai sae   n=%d d=%d d_sae=%d k=%d kernel=%s%s%n", n, d, h, k, one.kernel(), coreTypeNote());
        print("1 seed", one);
        print(seeds + " seeds", many);
        if (anchorSteps > 0) {
            anchor(one, many);
        }
        return 0;
    }

    /** {@code --engines}: per arch, the median ms/step of each engine. */
    private int compareEngines(FloatMatrix data) {
        List<EngineChoice> choices = engines.stream().map(e -> switch (e) {
            case "blas" -> EngineChoice.BLAS;
            case "djl", "djl-cpu" -> EngineChoice.DJL_CPU;
            case "djl-gpu" -> EngineChoice.parse("djl", "gpu");
            default -> throw new IllegalArgumentException("expected --engines of blas, djl (djl-cpu), djl-gpu, found " + e);
        }).toList();
        List<SaeConfig.Arch> archList = archs.stream().map(SaeConfig.Arch::parse).toList();
        EngineBench bench = new EngineBench(n, d, h, k, seeds, steps, warmup);
        System.out.printf(Locale.ROOT, "husai bench sae engines: %d seeds, n=%d d=%d d_sae=%d k=%d, median of %d steps after %d"
                + "%s%n", seeds, n, d, h, k, steps, warmup, coreTypeNote());
        bench.run(archList, choices, data, r -> System.out.println(bench.format(r)));
        return 0;
    }

    private record Run(int seeds, double msPerStep, String kernel) {
        double rowsPerSecond(int n) {
            return seeds * (double) n / msPerStep * 1000;
        }
    }

    private Run time(FloatMatrix data, int s) {
        SaeConfig c = SaeConfig.builder(HookPoint.RESID_POST, d).dSae(h).k(k).batchSize(n)
                .steps(warmup + steps + 1).snapshotEvery(Integer.MAX_VALUE)
                .seeds(LongStream.range(0, s).boxed().toList()).build();
        try (MultiSeedTrainer t = new MultiSeedTrainer(c, data, null, null, snapshot -> { }, List.of())) {
            for (int i = 0; i < warmup; i++) {
                t.trainStep();
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                t.trainStep();
            }
            return new Run(s, (System.nanoTime() - t0) / 1e6 / steps, t.kernelName());
        }
    }

    private void print(String label, Run r) {
        double executed = r.seeds() * (2.0 * n * d * h + 8.0 * n * k * d);
        double denseEquivalent = r.seeds() * 10.0 * n * d * h;
        double seconds = r.msPerStep() / 1000;
        System.out.printf(Locale.ROOT, "husai %-8s %8.1f ms/step %10.0f seed-rows/s  executed %6.1f GFLOP/s (%4.1f%% of %.0f)"
                        + "  dense-equivalent %6.1f GFLOP/s%n", label, r.msPerStep(), r.rowsPerSecond(n),
                executed / seconds / 1e9, 100 * executed / seconds / 1e9 / ROOFLINE_GFLOPS, ROOFLINE_GFLOPS,
                denseEquivalent / seconds / 1e9);
    }

    private void anchor(Run one, Run many) throws Exception {
        Optional<Path> script = PythonAnchor.script("anchor_sae_step.py");
        Optional<String> python = PythonAnchor.python("torch");
        if (script.isEmpty() || python.isEmpty()) {
            System.out.println("anchor skipped: " + (script.isEmpty() ? "anchor_sae_step.py not found in the jar"
                    : "no python3 imports torch (apt-get install python3-torch)"));
            return;
        }
        JsonNode a = PythonAnchor.run(python.get(), script.get(), List.of("--n", Integer.toString(n), "--d", Integer.toString(d),
                "--h", Integer.toString(h), "--k", Integer.toString(k), "--steps", Integer.toString(anchorSteps)));
        double anchorRows = a.path("samples_per_s").asDouble();
        double anchorMs = a.path("ms_per_step").asDouble();
        System.out.printf(Locale.ROOT, "anchor      PyTorch (Python) %s, %d threads: %.1f ms/step %.0f samples/s  dense %.1f GFLOP/s%n",
                a.path("torch").asText(""), a.path("threads").asInt(), anchorMs, anchorRows, 10.0 * n * d * h / anchorMs / 1e6);
        double r1 = one.rowsPerSecond(n) / anchorRows;
        double rs = many.rowsPerSecond(n) / anchorRows;
        System.out.printf(Locale.ROOT, "ratio       1 seed / anchor = %.2fx (target >= 1)  %s%n", r1, r1 >= 1 ? "ok" : "MISSED");
        System.out.printf(Locale.ROOT, "ratio       %d seeds seed-rows/s / anchor = %.2fx (target >= 3)  %s%n", seeds, rs,
                rs >= 3 ? "ok" : "MISSED");
    }

    private static String coreTypeNote() {
        String core = System.getenv("OPENBLAS_CORETYPE");
        return core == null ? " (OPENBLAS_CORETYPE unset: PyTorch kernel; bin/husai sets it for native BLAS)"
                : " (OPENBLAS_CORETYPE=" + core + ")";
    }

    private static FloatMatrix gaussian(int rows, int cols) {
        Random rng = new Random(0);
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return new FloatMatrix(rows, cols, x);
    }
}
