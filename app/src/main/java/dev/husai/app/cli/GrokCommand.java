package dev.husai.app.cli;

import dev.husai.core.fourier.FourierReport;
import dev.husai.trainer.testbed.CsvCurveListener;
import dev.husai.trainer.testbed.GrokConfig;
import dev.husai.trainer.testbed.GrokListener;
import dev.husai.trainer.testbed.GrokResult;
import dev.husai.trainer.testbed.GrokTrainer;
import dev.husai.trainer.testbed.TestbedCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code husai grok}: train the modular-addition testbed until it groks; checkpoint + curve + Fourier report. */
@Command(name = "grok", mixinStandardHelpOptions = true,
        description = "Train the modular-addition transformer until test accuracy >= target (exit 1 if it did not grok).")
public final class GrokCommand implements Callable<Integer> {
    /** Exit code when the step budget ran out before grokking. */
    public static final int DID_NOT_GROK = 1;

    @Mixin
    TestbedOptions model = new TestbedOptions();
    @Option(names = "--train-fraction", defaultValue = "0.5",
            description = "share of the p^2 pairs used for training (default ${DEFAULT-VALUE}; Nanda used 0.3, ~10x slower)")
    double trainFraction;
    @Option(names = "--lr", defaultValue = "1e-3") double lr;
    @Option(names = "--weight-decay", defaultValue = "1.0") double weightDecay;
    @Option(names = "--warmup", defaultValue = "10", description = "linear lr warm-up steps") int warmup;
    @Option(names = "--max-steps", defaultValue = "20000") int maxSteps;
    @Option(names = "--eval-every", defaultValue = "50") int evalEvery;
    @Option(names = "--target", defaultValue = "0.99", description = "test accuracy that counts as grokked") double target;
    @Option(names = "--cleanup-steps", defaultValue = "1500",
            description = "steps trained on after grokking so weight decay sharpens the Fourier structure (default ${DEFAULT-VALUE})")
    int cleanupSteps;
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--out", defaultValue = "runs/grok", description = "output directory (default ${DEFAULT-VALUE})")
    Path out;
    @Option(names = "--quiet", description = "no per-evaluation progress lines") boolean quiet;

    @Override
    public Integer call() throws Exception {
        GrokConfig config = new GrokConfig(model.config(), trainFraction, lr, weightDecay, 0.9, 0.98, warmup,
                maxSteps, evalEvery, target, cleanupSteps, seed);
        GrokResult result = run(config, out, quiet);
        return result.grokked() ? 0 : DID_NOT_GROK;
    }

    /** Trains, writes {@code testbed.safetensors}, {@code curve.csv}, {@code fourier.json} into {@code dir}. */
    public static GrokResult run(GrokConfig config, Path dir, boolean quiet) throws Exception {
        Files.createDirectories(dir);
        GrokResult result;
        try (CsvCurveListener csv = new CsvCurveListener(dir.resolve("curve.csv"))) {
            List<GrokListener> listeners = quiet ? List.of(csv) : List.of(csv, GrokCommand::printProgress);
            result = new GrokTrainer(config, listeners).train();
        }
        var last = result.last();
        System.out.printf(Locale.ROOT, "%s: %s; %d steps in %.1f s, test accuracy %.2f%% (target %.0f%%)%n",
                result.grokked() ? "GROKKED" : "DID NOT GROK", result.outcome(), last.step(),
                last.elapsedMillis() / 1000.0, 100 * last.testAccuracy(), 100 * config.targetAccuracy());
        Map<String, String> meta = metadata(config, result);
        TestbedCheckpoint ckpt = new TestbedCheckpoint(result.weights(), meta);
        FourierReport fourier = TestbedAnalysis.analyse(ckpt, FourierReport.DEFAULT_MIN_SHARE);
        meta.put("key_frequencies", Arrays.toString(fourier.keyFrequencies()));
        ckpt = new TestbedCheckpoint(result.weights(), meta);
        ckpt.write(dir.resolve("testbed.safetensors"));
        Files.writeString(dir.resolve("fourier.json"), FourierFormat.pretty(FourierFormat.json(fourier)));
        System.out.print(FourierFormat.table(fourier));
        System.out.println("wrote " + dir.resolve("testbed.safetensors") + ", curve.csv, fourier.json");
        return result;
    }

    private static Map<String, String> metadata(GrokConfig c, GrokResult r) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("seed", Long.toString(c.seed()));
        m.put("train_fraction", Double.toString(c.trainFraction()));
        m.put("lr", Double.toString(c.lr()));
        m.put("weight_decay", Double.toString(c.weightDecay()));
        m.put("betas", c.beta1() + "," + c.beta2());
        m.put("warmup_steps", Integer.toString(c.warmupSteps()));
        m.put("steps", Integer.toString(r.last().step()));
        m.put("grokked_at_step", String.valueOf(r.grokkedAt()));
        m.put("cleanup_steps", Integer.toString(c.cleanupSteps()));
        m.put("grokked", Boolean.toString(r.grokked()));
        m.put("test_accuracy", Double.toString(r.last().testAccuracy()));
        m.put("train_accuracy", Double.toString(r.last().trainAccuracy()));
        m.put("test_loss", Double.toString(r.last().testLoss()));
        m.put("wall_seconds", Double.toString(r.last().elapsedMillis() / 1000.0));
        m.put("trained_by", "husai grok");
        return m;
    }

    private static void printProgress(dev.husai.trainer.testbed.GrokProgress g) {
        System.out.printf(Locale.ROOT, "step %6d  train loss %.4g  acc %5.1f%%  test loss %.4g  acc %5.1f%%  %6.1f s%n",
                g.step(), g.trainLoss(), 100 * g.trainAccuracy(), g.testLoss(), 100 * g.testAccuracy(),
                g.elapsedMillis() / 1000.0);
    }
}
