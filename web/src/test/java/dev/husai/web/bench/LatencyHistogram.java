package dev.husai.web.bench;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/** Latencies in 0.1 ms buckets up to 10 s (one overflow bucket), thread-safe, allocation-free per sample. */
final class LatencyHistogram {
    private static final long BUCKET_NS = 100_000;
    private static final int BUCKETS = 100_000;
    private final AtomicIntegerArray counts = new AtomicIntegerArray(BUCKETS + 1);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong maxNs = new AtomicLong();

    void record(long ns) {
        int b = (int) Math.min(BUCKETS, Math.max(0, ns) / BUCKET_NS);
        counts.incrementAndGet(b);
        total.incrementAndGet();
        maxNs.accumulateAndGet(ns, Math::max);
    }

    long count() {
        return total.get();
    }

    /** The q-quantile (0 < q <= 1) in ms: the upper edge of the bucket holding it. */
    double quantileMs(double q) {
        long n = total.get();
        long rank = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        for (int b = 0; b <= BUCKETS; b++) {
            seen += counts.get(b);
            if (seen >= rank) {
                return (b + 1) * BUCKET_NS / 1e6;
            }
        }
        return Double.NaN;
    }

    double maxMs() {
        return maxNs.get() / 1e6;
    }
}
