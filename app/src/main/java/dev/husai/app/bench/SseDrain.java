package dev.husai.app.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live SSE clients for load and soak runs: each holds one {@code text/event-stream} connection open and reads
 * every event as a browser would, counting them. Loopback only; closing ends every connection.
 */
public final class SseDrain implements AutoCloseable {
    private final List<InputStream> streams = new ArrayList<>();
    private final AtomicLong events = new AtomicLong();

    private SseDrain() {
    }

    /** Opens {@code clients} connections to {@code url}; a connection refused or not 200 is an error. */
    public static SseDrain open(String url, int clients) throws IOException, InterruptedException {
        SseDrain drain = new SseDrain();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").build();
        for (int i = 0; i < clients; i++) {
            HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                drain.close();
                throw new IOException("expected 200 from " + url + ", found " + r.statusCode());
            }
            drain.read(r.body(), i);
        }
        return drain;
    }

    private void read(InputStream body, int i) {
        streams.add(body);
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("data:")) {
                        events.incrementAndGet();
                    }
                }
            } catch (IOException closed) {
                // the connection ended (close() or the server stopped): nothing more to count
            }
        }, "husai-sse-drain-" + i);
        t.setDaemon(true);
        t.start();
    }

    /** Events read so far over all connections. */
    public long events() {
        return events.get();
    }

    @Override
    public void close() {
        for (InputStream s : streams) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
