package dev.husai.app.cli;

import dev.husai.app.bench.MemorySampler;
import dev.husai.app.bench.MemorySampler.Sample;
import dev.husai.app.bench.MemorySampler.Summary;
import dev.husai.app.bench.SseDrain;
import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.snapshot.SnapshotSink;
import dev.husai.trainer.testbed.TestbedCheckpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code husai bench soak}: the demo's whole stack in this process (embedded broker, analyzer, web UI with live SSE
 * clients, trainers publishing snapshots) for a chosen time, sampling resident memory and heap. Prints the peak and,
 * after a warm-up, the growth and the slope of resident memory beside the targets (growth < 200 MB; {@code --demo}:
 * peak < 3 GB). Long runs must hold flat memory: this is how that is measured.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Run the live stack for a while with fast snapshots; print peak/growth/slope of resident memory.")
public final class BenchSoakCommand implements Callable<Integer> {
    static final double GROWTH_TARGET_MB = 200;
    static final double DEMO_PEAK_TARGET_MB = 3 * 1024;
    private static final double MB = 1024 * 1024;

    @Option(names = "--minutes", defaultValue = "30", description = "how long to run (default ${DEFAULT-VALUE})") double minutes;
    @Option(names = "--warmup-minutes", defaultValue = "2", description = "growth and slope count after this (default ${DEFAULT-VALUE})")
    double warmupMinutes;
    @Option(names = "--hook", defaultValue = "resid_post", description = "resid_post or mlp_post") String hook;
    @Option(names = "--arch", defaultValue = "topk", description = "relu_l1, topk, batch_topk, jumprelu or matryoshka_batch_topk") String arch;
    @Option(names = "--seeds", defaultValue = "8") int seeds;
    @Mixin WidthOptions width;
    @Option(names = "--k", defaultValue = "16") int k;
    @Option(names = "--batch-size", defaultValue = "1024") int batchSize;
    @Option(names = "--snapshot-every", defaultValue = "10", description = "steps between snapshots (default ${DEFAULT-VALUE})")
    int snapshotEvery;
    @Option(names = "--demo", description = "train exactly husai demo's groups (2 groups x 4 seeds, 3000 steps) instead")
    boolean demo;
    @Option(names = "--clients", defaultValue = "2", description = "live SSE clients reading /api/live (default ${DEFAULT-VALUE})")
    int clients;
    @Option(names = "--sample-seconds", defaultValue = "10") double sampleSeconds;
    @Option(names = "--port", defaultValue = "18080", description = "web UI port (default ${DEFAULT-VALUE})") int port;
    @Option(names = "--csv", description = "write every sample here (seconds, rss_mb, heap_used_mb, heap_committed_mb, heap_after_gc_mb)") Path csv;

    private final AtomicLong snapshots = new AtomicLong();

    @Override
    public Integer call() throws Exception {
        validate();
        List<SaeConfig> groups = groups();
        long durationMillis = Math.round(minutes * 60_000);
        long startNanos = System.nanoTime();
        try (MemorySampler sampler = new MemorySampler(Math.round(sampleSeconds * 1000), this::print);
             LiveStack stack = LiveStack.start("127.0.0.1", port, null, null)) {
            DemoTrainers trainers = new DemoTrainers();
            trainers.start(stack.bootstrap(), stack.topics(), groups, List.of(counter()));
            try (SseDrain sse = SseDrain.open("http://127.0.0.1:" + port + "/api/live?view=groups", clients)) {
                Thread.sleep(Math.max(0, durationMillis - (System.nanoTime() - startNanos) / 1_000_000));
                trainers.stopAll();
                sampler.sample();
                report(sampler.samples(), sse.events(), (System.nanoTime() - startNanos) / 1e9);
            }
            writeCsv(sampler.samples());
            if (!trainers.failures().isEmpty()) {
                System.err.println("husai bench soak: a trainer failed, the figures do not describe a full run: " + trainers.failures());
                return 1;
            }
        }
        return 0;
    }

    private void validate() {
        if (!(minutes > 0) || !(warmupMinutes >= 0) || warmupMinutes >= minutes) {
            throw new IllegalArgumentException("expected --minutes > --warmup-minutes >= 0, found " + minutes + " and " + warmupMinutes);
        }
        if (seeds < 2 || seeds > 64) {
            throw new IllegalArgumentException("expected --seeds in [2, 64], found " + seeds);
        }
        if (clients < 0 || clients > 256) {
            throw new IllegalArgumentException("expected --clients in [0, 256], found " + clients);
        }
    }

    /** One group that trains far longer than the soak (it is stopped at the end), or the demo's groups. */
    private List<SaeConfig> groups() {
        if (demo) {
            return DemoTrainers.groups(TestbedCheckpoint.shipped().weights().config().dModel(), 4, 3000, 25);
        }
        HookPoint h = HookPoint.parse(hook);
        int dIn = TestbedCheckpoint.shipped().weights().config().width(h);
        return List.of(SaeConfig.builder(h, dIn).arch(SaeConfig.Arch.parse(arch)).width(width.width()).k(k).l1(10)
                .batchSize(batchSize).steps(10_000_000).seeds(LongStream.range(0, seeds).boxed().toList()).snapshotEvery(snapshotEvery).build());
    }

    private SnapshotSink counter() {
        return snapshot -> snapshots.incrementAndGet();
    }

    private void print(Sample s) {
        double sec = s.millis() / 1000.0;
        System.out.printf(Locale.ROOT, "soak t=%6.0fs  rss %7.1f MB  heap %7.1f used / %7.1f committed / %7.1f after GC (MB)  seed snapshots %7d (%.2f/s)%n",
                sec, s.rssBytes() / MB, s.heapBytes() / MB, s.heapCommittedBytes() / MB, s.heapAfterGcBytes() / MB, snapshots.get(), sec > 0 ? snapshots.get() / sec : 0);
    }

    private void report(List<Sample> samples, long sseEvents, double seconds) {
        Summary m = MemorySampler.summary(samples, Math.round(warmupMinutes * 60_000));
        String what = demo ? "husai demo's groups (2 x 4 seeds, resid_post)"
                : hook + " " + arch + " " + width.width() + " k=" + k + " batch " + batchSize + ", " + seeds + " seeds, snapshot every "
                + snapshotEvery + " steps";
        int seedsPerRound = demo ? 8 : seeds;
        double perSecond = snapshots.get() / seconds;
        System.out.printf(Locale.ROOT, "%nhusai bench soak: %s, %.1f min, %d seed snapshots (%.2f/s, target >= 1: %s; %.2f rounds of "
                        + "all %d seeds/s), %d SSE events to %d clients%n", what, seconds / 60, snapshots.get(), perSecond,
                perSecond >= 1 ? "met" : "NOT met", perSecond / seedsPerRound, seedsPerRound, sseEvents, clients);
        System.out.printf(Locale.ROOT, "  peak resident   %8.1f MB%s%n", m.peakRss() / MB,
                demo ? String.format(Locale.ROOT, "   (target < %.0f MB: %s)", DEMO_PEAK_TARGET_MB, m.peakRss() / MB < DEMO_PEAK_TARGET_MB ? "met" : "NOT met") : "");
        System.out.printf(Locale.ROOT, "  peak heap used  %8.1f MB%n", m.peakHeap() / MB);
        System.out.printf(Locale.ROOT, "  after %.1f min warm-up (%d samples): resident %.1f MB, growth %+.1f MB (target < %.0f MB: %s), "
                        + "slope %+.2f MB/min%n", warmupMinutes, m.samplesAfterWarmup(), m.rssAtWarmup() / MB, m.growthAfterWarmup() / MB,
                GROWTH_TARGET_MB, m.growthAfterWarmup() / MB < GROWTH_TARGET_MB ? "met" : "NOT met", m.slopeBytesPerMinute() / MB);
    }

    private void writeCsv(List<Sample> samples) throws IOException {
        if (csv == null) {
            return;
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
            w.println("seconds,rss_mb,heap_used_mb,heap_committed_mb,heap_after_gc_mb");
            for (Sample s : samples) {
                w.printf(Locale.ROOT, "%.1f,%.1f,%.1f,%.1f,%.1f%n", s.millis() / 1000.0, s.rssBytes() / MB, s.heapBytes() / MB,
                        s.heapCommittedBytes() / MB, s.heapAfterGcBytes() / MB);
            }
        }
    }
}
