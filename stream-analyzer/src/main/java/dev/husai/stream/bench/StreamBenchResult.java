package dev.husai.stream.bench;

import java.util.Locale;

/**
 * Figures of one {@link StreamBench} run (milliseconds). Per snapshot, latency = time from the snapshot's
 * record timestamp (producer side) to the arrival, on a metrics-topic consumer, of the LAST metric point
 * that snapshot caused (its drift and all its pairs); per step, time from the step's last snapshot to the
 * group point. The sustainable rate is the analyzer's throughput on an unthrottled backlog.
 */
public record StreamBenchResult(int snapshots, double p50Ms, double p99Ms, double maxMs, double groupP50Ms,
                                double groupP99Ms, double sustainableSnapshotsPerSecond, String method, String blas) {

    /** Human-readable report. */
    public String format() {
        return String.format(Locale.ROOT, "snapshots analysed (paced phase): %d, matcher %s, BLAS %s%n"
                + "latency snapshot produced -> its metrics published: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n"
                + "latency last snapshot of a step -> group point:      p50 %.0f ms, p99 %.0f ms%n"
                + "max sustainable rate of one analyzer (backlog): %.1f snapshots/s%n",
                snapshots, method, blas, p50Ms, p99Ms, maxMs, groupP50Ms, groupP99Ms, sustainableSnapshotsPerSecond);
    }
}
