package dev.husai.stream.verticle;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One log line per event, at most one per interval: the events in between are counted and the count rides on the
 * next line that is written ({@code "... (3 more since the last line)"}). A flood of malformed records thus costs a
 * line a second, and none is silent.
 */
final class RateLimitedLog {
    private final Consumer<String> out;
    private final long intervalMs;
    private final LongSupplier clockMs;
    private long lastMs;
    private boolean written;
    private long suppressed;

    RateLimitedLog(Consumer<String> out, long intervalMs, LongSupplier clockMs) {
        this.out = out;
        this.intervalMs = intervalMs;
        this.clockMs = clockMs;
    }

    /** Writes {@code line} unless a line was written less than the interval ago; then counts it. */
    synchronized void log(String line) {
        long now = clockMs.getAsLong();
        if (written && now - lastMs < intervalMs) {
            suppressed++;
            return;
        }
        out.accept(suppressed == 0 ? line : line + " (" + suppressed + " more since the last line)");
        written = true;
        lastMs = now;
        suppressed = 0;
    }
}
