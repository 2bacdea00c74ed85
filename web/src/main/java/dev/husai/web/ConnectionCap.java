package dev.husai.web;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts the open live streams of one server against {@code WebServerOptions.maxLiveConnections}. */
final class ConnectionCap {
    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionCap(int max) {
        this.max = max;
    }

    /** Takes a slot; null when taken, else the refusal (expected vs found) and no slot is taken. */
    String tryAcquire() {
        while (true) {
            int n = open.get();
            if (n >= max) {
                return "expected at most " + max + " live connections, found " + n + " open; retry later";
            }
            if (open.compareAndSet(n, n + 1)) {
                return null;
            }
        }
    }

    void release() {
        open.decrementAndGet();
    }

    int open() {
        return open.get();
    }
}
