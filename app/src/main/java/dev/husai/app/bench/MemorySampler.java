package dev.husai.app.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Samples this process's resident memory ({@code VmRSS} of {@code /proc/self/status}: Java heap, metaspace, thread
 * stacks and every native allocation — PyTorch, OpenBLAS, Kafka's buffers) and the Java heap in use, at a fixed
 * interval on a daemon thread. {@link #summary} reduces the samples to what a soak test asks: the peak, and how
 * resident memory moves after a warm-up (growth and least-squares slope).
 */
public final class MemorySampler implements AutoCloseable {
    private static final Path STATUS = Path.of("/proc/self/status");

    /**
     * One sample: milliseconds since the sampler started, resident bytes, heap bytes in use and committed, and the
     * heap in use right after the last garbage collection (an upper bound of the live set; -1 before the first).
     */
    public record Sample(long millis, long rssBytes, long heapBytes, long heapCommittedBytes, long heapAfterGcBytes) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "husai-memory-sampler");
        t.setDaemon(true);
        return t;
    });
    private final long start = System.nanoTime();

    /** Starts sampling every {@code intervalMillis}; each sample also goes to {@code onSample} (on the sampler's thread). */
    public MemorySampler(long intervalMillis, Consumer<Sample> onSample) {
        timer.scheduleAtFixedRate(() -> onSample.accept(sample()), 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Takes one sample now and keeps it. */
    public synchronized Sample sample() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        Sample s = new Sample((System.nanoTime() - start) / 1_000_000, residentBytes(), heap.getUsed(), heap.getCommitted(),
                heapAfterLastGc());
        samples.add(s);
        return s;
    }

    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Resident set size of this process in bytes, or -1 where {@code /proc} is not there (not Linux). */
    public static long residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Heap in use after the most recent collection of any collector that has run (young or old), or -1. */
    static long heapAfterLastGc() {
        long best = -1;
        long bestEnd = -1;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof com.sun.management.GarbageCollectorMXBean sun && sun.getLastGcInfo() != null
                    && sun.getLastGcInfo().getEndTime() > bestEnd) {
                bestEnd = sun.getLastGcInfo().getEndTime();
                best = sun.getLastGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                        .filter(e -> !e.getKey().contains("Metaspace") && !e.getKey().contains("Code")
                                && !e.getKey().contains("Class"))
                        .mapToLong(e -> e.getValue().getUsed()).sum();
            }
        }
        return best;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /**
     * What a soak asks of a run's samples.
     *
     * @param peakRss            largest resident size over the whole run
     * @param peakHeap           largest heap in use
     * @param rssAtWarmup        resident size of the first sample at or after the warm-up
     * @param growthAfterWarmup  largest resident size after the warm-up minus {@code rssAtWarmup}
     * @param slopeBytesPerMinute least-squares slope of resident size over time after the warm-up
     * @param samplesAfterWarmup number of samples the last three figures use
     */
    public record Summary(long peakRss, long peakHeap, long rssAtWarmup, long growthAfterWarmup,
                          double slopeBytesPerMinute, int samplesAfterWarmup) {
    }

    /** Summary of {@code samples} with the warm-up ending {@code warmupMillis} after the start. */
    public static Summary summary(List<Sample> samples, long warmupMillis) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("expected at least one memory sample, found none");
        }
        long peakRss = samples.stream().mapToLong(Sample::rssBytes).max().orElseThrow();
        long peakHeap = samples.stream().mapToLong(Sample::heapBytes).max().orElseThrow();
        List<Sample> after = samples.stream().filter(s -> s.millis() >= warmupMillis).toList();
        if (after.isEmpty()) {
            return new Summary(peakRss, peakHeap, -1, 0, Double.NaN, 0);
        }
        long atWarmup = after.get(0).rssBytes();
        long maxAfter = after.stream().mapToLong(Sample::rssBytes).max().orElseThrow();
        return new Summary(peakRss, peakHeap, atWarmup, maxAfter - atWarmup, slopePerMinute(after), after.size());
    }

    /** Ordinary least squares {@code b = sum (t - tbar)(r - rbar) / sum (t - tbar)^2}, in bytes per minute. */
    static double slopePerMinute(List<Sample> samples) {
        double tBar = samples.stream().mapToDouble(s -> s.millis() / 60_000.0).average().orElse(0);
        double rBar = samples.stream().mapToDouble(Sample::rssBytes).average().orElse(0);
        double num = 0;
        double den = 0;
        for (Sample s : samples) {
            double dt = s.millis() / 60_000.0 - tBar;
            num += dt * (s.rssBytes() - rBar);
            den += dt * dt;
        }
        return den == 0 ? Double.NaN : num / den;
    }
}
