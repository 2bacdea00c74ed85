package dev.husai.web.bench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.parsetools.RecordParser;

/**
 * One benchmark SSE client: splits the stream into events, and for each live metric event (after the backfill)
 * records now - {@code bench_ns} (the publish time stamped into the point; same JVM, same nanoTime clock) and counts
 * live seq gaps (events of its group it never received: none expected unless it fell behind and the store thinned
 * them meanwhile).
 */
final class SseProbe {
    private static final String STAMP = "\"bench_ns\":";
    /** Receives each live metric point's latency (ns) and the receive time (nanoTime). */
    interface Sink {
        void record(long latencyNs, long nowNs);
    }

    private final Sink latencies;
    private boolean live;
    private long lastSeq = -1;
    private long received;
    private long backfilled;
    private long gaps;
    private int status;

    SseProbe(Sink latencies) {
        this.latencies = latencies;
    }

    /** Opens {@code path} on 127.0.0.1:port; completes with the HTTP status once the headers arrived. */
    Future<Integer> open(HttpClient client, int port, String path) {
        return client.request(HttpMethod.GET, port, "127.0.0.1", path)
                .compose(req -> req.putHeader("Accept", "text/event-stream").send())
                .map(this::attach);
    }

    private int attach(HttpClientResponse res) {
        status = res.statusCode();
        RecordParser parser = RecordParser.newDelimited("\n\n", this::frame);
        res.handler(parser);
        return status;
    }

    private void frame(Buffer b) {
        String f = b.toString();
        if (f.startsWith(": backfill done")) {
            live = true;
            return;
        }
        if (!f.startsWith("id: ")) {
            return; // retry, ping
        }
        long seq = Long.parseLong(f.substring(f.indexOf('-') + 1, f.indexOf('\n')));
        if (live && lastSeq >= 0 && seq > lastSeq + 1) {
            gaps += seq - lastSeq - 1; // a thinned backfill has gaps by design; a live stream must not
        }
        lastSeq = seq;
        if (!live) {
            backfilled++;
            return;
        }
        received++;
        int i = f.indexOf(STAMP);
        if (i >= 0) {
            int from = i + STAMP.length();
            int to = from;
            while (to < f.length() && Character.isDigit(f.charAt(to))) {
                to++;
            }
            long now = System.nanoTime();
            latencies.record(now - Long.parseLong(f.substring(from, to)), now);
        }
    }

    long received() {
        return received;
    }

    long backfilled() {
        return backfilled;
    }

    long gaps() {
        return gaps;
    }

    boolean live() {
        return live;
    }
}
