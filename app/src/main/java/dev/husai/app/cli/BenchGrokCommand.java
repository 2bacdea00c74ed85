package dev.husai.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.husai.trainer.testbed.GrokConfig;
import dev.husai.trainer.testbed.GrokProgress;
import dev.husai.trainer.testbed.GrokResult;
import dev.husai.trainer.testbed.TestbedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import dev.husai.app.bench.PythonAnchor;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code husai bench grok}: time-to-grok at p = 113 on this machine, and ms per full-batch step beside
 * the plain-PyTorch anchor ({@code app/src/main/resources/anchors/anchor_grok.py}) at the same train fraction.
 */
@Command(name = "grok", mixinStandardHelpOptions = true, description = "Time-to-grok and ms/step vs the PyTorch anchor.")
public final class BenchGrokCommand implements Callable<Integer> {
    @Option(names = "--train-fraction", defaultValue = "0.5") double trainFraction;
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--anchor-steps", defaultValue = "100",
            description = "steps the anchor runs to measure its ms/step (0 = skip; its full grok takes ~11 min)")
    int anchorSteps;
    @Option(names = "--anchor-to-grok", description = "let the anchor run until it groks, for time-to-grok ratio")
    boolean anchorToGrok;

    @Override
    public Integer call() throws Exception {
        GrokConfig config = GrokConfig.defaults(TestbedConfig.NANDA, trainFraction, seed);
        Path dir = Files.createTempDirectory("husai-bench-grok");
        GrokResult ours = GrokCommand.run(config, dir, true);
        GrokProgress last = ours.last();
        double ourMsPerStep = msPerStep(ours.curve());
        System.out.printf(Locale.ROOT, "%nhusai grok   p=113 frac=%.2f: %s at step %d in %.1f s (%.1f ms/step steady state)%n",
                trainFraction, ours.grokked() ? "grokked" : "NOT grokked", last.step(), last.elapsedMillis() / 1000.0, ourMsPerStep);
        if (anchorSteps > 0 || anchorToGrok) {
            List<String> args = anchorToGrok
                    ? List.of("--frac", Double.toString(trainFraction), "--seed", Long.toString(seed))
                    : List.of("--frac", Double.toString(trainFraction), "--seed", Long.toString(seed),
                            "--max-steps", Integer.toString(anchorSteps));
            Optional<Path> script = PythonAnchor.script("anchor_grok.py");
            Optional<String> python = PythonAnchor.python("torch");
            if (script.isEmpty() || python.isEmpty()) {
                System.out.println("anchor skipped: " + (script.isEmpty() ? "anchor_grok.py not found in the jar"
                        : "no python3 imports torch (apt-get install python3-torch)"));
            } else {
                report(PythonAnchor.run(python.get(), script.get(), args), ourMsPerStep, last);
            }
        }
        return ours.grokked() ? 0 : GrokCommand.DID_NOT_GROK;
    }

    private void report(JsonNode a, double ourMsPerStep, GrokProgress last) {
        double anchorMs = a.path("ms_per_step").asDouble();
        System.out.printf(Locale.ROOT, "anchor       PyTorch (Python) %s: %d steps, %.1f ms/step%s%n",
                a.path("torch").asText(""), a.path("steps").asInt(), anchorMs,
                a.path("grokked").asBoolean() ? String.format(Locale.ROOT, ", grokked in %.1f s", a.path("seconds").asDouble()) : "");
        System.out.printf(Locale.ROOT, "ratio        anchor ms/step / husai ms/step = %.2fx%n", anchorMs / ourMsPerStep);
        if (a.path("grokked").asBoolean()) {
            System.out.printf(Locale.ROOT, "ratio        anchor time-to-grok / husai = %.2fx%n",
                    a.path("seconds").asDouble() / (last.elapsedMillis() / 1000.0));
        }
    }

    /** Median ms per step between consecutive evaluations (evaluation time included), skipping the first. */
    static double msPerStep(List<GrokProgress> curve) {
        double[] d = new double[Math.max(0, curve.size() - 1)];
        for (int i = 1; i < curve.size(); i++) {
            d[i - 1] = (curve.get(i).elapsedMillis() - curve.get(i - 1).elapsedMillis())
                    / (double) (curve.get(i).step() - curve.get(i - 1).step());
        }
        java.util.Arrays.sort(d);
        return d.length == 0 ? curve.get(0).elapsedMillis() / (double) curve.get(0).step() : d[d.length / 2];
    }
}
