package dev.husai.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.husai.app.bench.PythonAnchor;
import dev.husai.app.bench.SgemmRoofline;
import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.app.bench.EngineBench;
import dev.husai.trainer.sae.EngineChoice;
import dev.husai.trainer.sae.MultiSeedTrainer;
import dev.husai.trainer.sae.StepProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code husai bench sae}: SAE training throughput of one arch (n rows per step, d, d_sae, k) for 1 seed and for S
 * seeds trained together, beside the plain-PyTorch anchors at the same sizes run in the same invocation
 * ({@code anchors/anchor_sae_step.py} and {@code anchor_sae_seeds.py} for TopK, {@code anchor_sae_archs.py} for the
 * others). Prints medians of per-step times, where a step's time goes ({@link StepProfile}), the dense part's GFLOP/s
 * ({@code 2 N D F} per seed) against a {@code 2048^3} sgemm measured through the same BLAS in the same run, and the
 * ratios to the anchors with the targets of issue 14.
 */
@Command(name = "sae", mixinStandardHelpOptions = true, description = "SAE step throughput, 1 and S seeds, vs the PyTorch anchors.")
public final class BenchSaeCommand implements Callable<Integer> {
    @Option(names = "--arch", defaultValue = "topk", description = "relu_l1, topk, batch_topk, jumprelu, matryoshka_batch_topk") String arch;
    @Option(names = "--n", defaultValue = "4096", description = "rows per step") int n;
    @Option(names = "--d", defaultValue = "128", description = "d_in (512 = mlp_post's width)") int d;
    @Option(names = "--h", defaultValue = "1024", description = "d_sae") int h;
    @Option(names = "--k", defaultValue = "32") int k;
    @Option(names = "--seeds", defaultValue = "8", description = "seeds trained together in the second run") int seeds;
    @Option(names = "--steps", defaultValue = "20", description = "timed steps") int steps;
    @Option(names = "--warmup", defaultValue = "5", description = "untimed steps of the timed trainer before its timed steps")
    int warmup;
    @Option(names = "--warmup-seconds", defaultValue = "4", description = "a throwaway trainer's steps first, for at least "
            + "this long: the Vector API paths run interpreted, 10-20x slower, until C2 compiles them") double warmupSeconds;
    @Option(names = "--anchor-steps", defaultValue = "10", description = "anchor steps (0 = skip the anchors)") int anchorSteps;
    @Option(names = "--roofline", defaultValue = "2048", description = "size s of the s^3 sgemm roofline (0 = skip)") int roofline;
    @Option(names = "--engines", paramLabel = "E1,E2", split = ",",
            description = "instead: every arch of --archs on each engine (blas, djl = djl on the CPU, djl-gpu), S seeds, "
                    + "the median ms/step over --steps, side by side")
    List<String> engines;
    @Option(names = "--archs", split = ",", defaultValue = "relu_l1,topk,batch_topk,jumprelu,matryoshka_batch_topk",
            description = "archs for --engines (default: all five)")
    List<String> archs;

    @Override
    public Integer call() throws Exception {
        Arch a = Arch.parse(arch);
        FloatMatrix data = gaussian(n, d);
        if (engines != null) {
            return compareEngines(data);
        }
        double peak = roofline > 0 ? SgemmRoofline.gflops(roofline, 5) : Double.NaN;
        Run one = time(a, data, 1);
        Run many = time(a, data, seeds);
        System.out.printf(Locale.ROOT, "husai sae   arch=%s n=%d d=%d d_sae=%d k=%d kernel=%s%s%n", a.wireName(), n, d, h, k,
                one.kernel(), coreTypeNote());
        if (roofline > 0) {
            System.out.printf(Locale.ROOT, "roofline    sgemm %d^3 through the same BLAS: %.1f GFLOP/s (median of 5)%n", roofline, peak);
        }
        print("1 seed", one, peak);
        print(seeds + " seeds", many, peak);
        if (anchorSteps > 0) {
            anchors(a, one, many);
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

    private record Run(int seeds, double msPerStep, String kernel, StepProfile profile) {
        double rowsPerSecond(int n) {
            return seeds * (double) n / msPerStep * 1000;
        }
    }

    private Run time(Arch a, FloatMatrix data, int s) {
        SaeConfig c = SaeConfig.builder(HookPoint.RESID_POST, d).arch(a).dSae(h).k(k).batchSize(n)
                .steps(1_000_000).snapshotEvery(Integer.MAX_VALUE)
                .seeds(LongStream.range(0, s).boxed().toList()).build();
        warmUpTheJit(c, data);
        try (MultiSeedTrainer t = new MultiSeedTrainer(c, data, null, null, snapshot -> { }, List.of())) {
            for (int i = 0; i < warmup; i++) {
                t.trainStep();
            }
            t.profile().reset();
            double[] ms = new double[steps];
            for (int i = 0; i < steps; i++) {
                long t0 = System.nanoTime();
                t.trainStep();
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            return new Run(s, ms[steps / 2], t.kernelName(), t.profile());
        }
    }

    /**
     * Steps a throwaway trainer of config {@code c} for {@code --warmup-seconds}, so that C2 has compiled the step's
     * paths before the timed trainer starts from its initial weights. The timed steps are then steps
     * {@code warmup + 1 .. warmup + steps} of training on every machine and in every run: how many steps a time-based
     * warm-up took used to decide where JumpReLU's learned thresholds (its L0, and with it the dense or sparse path)
     * stood when the timing began.
     */
    private void warmUpTheJit(SaeConfig c, FloatMatrix data) {
        try (MultiSeedTrainer t = new MultiSeedTrainer(c, data, null, null, snapshot -> { }, List.of())) {
            long warmUntil = System.nanoTime() + (long) (warmupSeconds * 1e9);
            for (int i = 0; i < warmup || System.nanoTime() < warmUntil; i++) {
                t.trainStep();
            }
        }
    }

    private void print(String label, Run r, double peak) {
        System.out.printf(Locale.ROOT, "husai %-8s %8.1f ms/step (median) %10.0f seed-rows/s%n", label, r.msPerStep(), r.rowsPerSecond(n));
        double denseMs = r.profile().msPerStep(StepProfile.Phase.DENSE);
        double dense = r.seeds() * 2.0 * n * d * h / denseMs / 1e6;
        String share = Double.isFinite(peak) && peak > 0
                ? String.format(Locale.ROOT, " = %.0f%% of the sgemm roofline", 100 * dense / peak) : " (roofline not measured)";
        System.out.printf(Locale.ROOT, "  dense part %.1f GFLOP/s (2·n·d·F·seeds = %.2f GFLOP in %.2f ms)%s%n",
                dense, r.seeds() * 2.0 * n * d * h / 1e9, denseMs, share);
        System.out.print(r.profile().table());
    }

    private void anchors(Arch a, Run one, Run many) throws Exception {
        Optional<String> python = PythonAnchor.python("torch");
        if (python.isEmpty()) {
            System.out.println("anchors skipped: no python3 imports torch (apt-get install python3-torch)");
            return;
        }
        boolean topk = a == Arch.TOPK;
        double[] target = targets(a, d);
        JsonNode single = anchor(python.get(), topk ? "anchor_sae_step.py" : "anchor_sae_archs.py", a, 1);
        JsonNode batched = anchor(python.get(), topk ? "anchor_sae_seeds.py" : "anchor_sae_archs.py", a, seeds);
        ratio("1 seed", one, single, 1, target[0]);
        ratio(seeds + " seeds", many, batched, seeds, target[1]);
    }

    /**
     * Issue 14's targets, {1 seed, S seeds} x the anchors: TopK and BatchTopK at the testbed's resid_post width 5x and
     * 8x; ReLU-L1, JumpReLU, Matryoshka, and any architecture at mlp_post's width ({@code d_in >= 512}) 4x.
     */
    static double[] targets(Arch a, int dIn) {
        boolean kFamily = a == Arch.TOPK || a == Arch.BATCH_TOPK;
        return kFamily && dIn < 512 ? new double[] {5, 8} : new double[] {4, 4};
    }

    private JsonNode anchor(String python, String name, Arch a, int s) throws Exception {
        Path script = PythonAnchor.script(name).orElseThrow(() -> new IllegalStateException(
                "expected the anchor " + name + " in the jar, found none"));
        List<String> args = new ArrayList<>(List.of("--n", Integer.toString(n), "--d", Integer.toString(d),
                "--h", Integer.toString(h), "--k", Integer.toString(k), "--steps", Integer.toString(anchorSteps)));
        if (name.equals("anchor_sae_archs.py")) {
            args.addAll(List.of("--arch", a.wireName(), "--seeds", Integer.toString(s)));
        } else if (s > 1) {
            args.addAll(List.of("--seeds", Integer.toString(s)));
        }
        return PythonAnchor.run(python, script, args);
    }

    private void ratio(String label, Run ours, JsonNode anchor, int s, double target) {
        double anchorMs = anchor.path("ms_per_step").asDouble();
        double anchorRows = s * (double) n / anchorMs * 1000;
        double r = ours.rowsPerSecond(n) / anchorRows;
        System.out.printf(Locale.ROOT, "anchor %-8s %s (PyTorch %s, %d threads): %.1f ms/step %.0f seed-rows/s%n", label,
                anchor.path("anchor").asText(), anchor.path("torch").asText(""), anchor.path("threads").asInt(), anchorMs, anchorRows);
        System.out.printf(Locale.ROOT, "ratio  %-8s husai / anchor = %.2fx (target >= %.0f)  %s%n", label, r, target,
                r >= target ? "ok" : "MISSED");
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
