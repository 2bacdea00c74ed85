package dev.husai.trainer.sae;

import java.io.PrintStream;
import java.util.Locale;

/** One line per group at each snapshot step: step, seeds alive, mean FVU / L0 / dead fraction, speed. */
public final class PrintingProgressListener implements ProgressListener {
    private final PrintStream out;

    public PrintingProgressListener(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onProgress(SaeProgress p) {
        double stepsPerSecond = p.step() / Math.max(1e-3, p.elapsedMillis() / 1000.0);
        String spliced = Double.isNaN(p.mean("spliced_accuracy")) ? ""
                : String.format(Locale.ROOT, " spliced_acc %.4f", p.mean("spliced_accuracy"));
        out.printf(Locale.ROOT, "%s step %d/%d seeds %d/%d fvu %.4f l0 %.1f dead %.3f%s (%.1f steps/s)%n",
                p.group(), p.step(), p.steps(), p.activeSeeds(), p.totalSeeds(), p.mean("fvu"), p.mean("l0"),
                p.mean("dead_fraction"), spliced, stepsPerSecond);
    }

    @Override
    public void onSeedStopped(String group, long seed, int step, String reason) {
        out.printf(Locale.ROOT, "%s seed %d stopped at step %d: %s%n", group, seed, step, reason);
    }
}
