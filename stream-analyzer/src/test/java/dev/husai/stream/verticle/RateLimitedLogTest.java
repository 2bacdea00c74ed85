package dev.husai.stream.verticle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {
    @Test
    void oneLinePerIntervalAndTheSkippedOnesAreCounted() {
        List<String> lines = new ArrayList<>();
        AtomicLong now = new AtomicLong(10_000);
        RateLimitedLog log = new RateLimitedLog(lines::add, 1000, now::get);
        log.log("a");
        now.addAndGet(10);
        log.log("b");
        now.addAndGet(10);
        log.log("c");
        now.addAndGet(1000);
        log.log("d");
        now.addAndGet(1000);
        log.log("e");
        assertEquals(List.of("a", "d (2 more since the last line)", "e"), lines);
    }
}
