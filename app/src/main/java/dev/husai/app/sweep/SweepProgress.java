package dev.husai.app.sweep;

import dev.husai.core.config.SaeConfig;
import dev.husai.trainer.sae.ProgressListener;
import dev.husai.trainer.sae.SaeProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The sweep's progress bar and ETA (library: me.tongfei progressbar). Work is counted in latent-steps,
 * {@code steps x seeds x d_sae} per group, because a group's cost grows with its width; finished groups of a
 * resumed sweep count as done with the wall time they took, so the ETA is right from the first update.
 * On a terminal the bar redraws in place; otherwise (a log file) one line every 15 s.
 */
final class SweepProgress implements ProgressListener, AutoCloseable {
    private final ProgressBar bar;
    private long groupStartUnits;
    private long unitsPerStep;
    private String label = "";

    SweepProgress(List<SaeConfig> configs, long doneUnits, Duration doneTime, PrintStream out) {
        long total = configs.stream().mapToLong(SweepProgress::units).sum();
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName("sweep").setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUnit("k latent-steps", 1000).startsFrom(doneUnits, doneTime);
        if (System.console() == null) {
            b.setConsumer(new DelegatingProgressBarConsumer(out::println, 110)).setUpdateIntervalMillis(15_000);
        }
        bar = b.build();
        groupStartUnits = doneUnits;
    }

    /** Work of one group in latent-steps. */
    static long units(SaeConfig c) {
        return (long) c.steps() * c.seeds().size() * c.dSae();
    }

    /** A new group starts; {@code index} is 1-based. */
    void startGroup(SaeConfig config, int index, int count) {
        groupStartUnits = bar.getCurrent();
        unitsPerStep = (long) config.seeds().size() * config.dSae();
        label = index + "/" + count + " " + config.arch().wireName() + " d_sae " + config.dSae() + " "
                + config.sparsityKey() + "=" + config.sparsityValue();
        bar.setExtraMessage(label);
    }

    @Override
    public void onProgress(SaeProgress p) {
        bar.stepTo(groupStartUnits + unitsPerStep * p.step());
        bar.setExtraMessage(label + " step " + p.step() + "/" + p.steps() + (p.step() == p.steps() ? " (summarising)" : ""));
    }

    /** The group is done: its remaining work counts as done (it may have stopped early, on convergence). */
    void endGroup(SaeConfig config, SummaryFile summary) {
        bar.stepTo(groupStartUnits + units(config));
        var verdict = summary.result().convergence();
        bar.setExtraMessage(label + (verdict == null ? "" : " " + verdict.label()));
    }

    @Override
    public void close() {
        bar.close();
    }
}
