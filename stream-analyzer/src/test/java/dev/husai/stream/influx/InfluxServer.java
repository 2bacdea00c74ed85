package dev.husai.stream.influx;

import dev.husai.stream.kafka.EmbeddedKafka;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: Debian's influxd 1.6 started on 127.0.0.1 with free ports and its data in a temp dir. */
final class InfluxServer implements AutoCloseable {
    static final Path INFLUXD = Path.of("/usr/bin/influxd");
    final int httpPort = EmbeddedKafka.freePort();
    private final Path dir;
    private Process process;

    InfluxServer(Path dir) {
        this.dir = dir;
    }

    String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    InfluxServer start() throws IOException, InterruptedException {
        Path conf = dir.resolve("influxdb.conf");
        Files.writeString(conf, String.join("\n",
                "reporting-disabled = true",
                "bind-address = \"127.0.0.1:" + EmbeddedKafka.freePort() + "\"",
                "[meta]", "  dir = \"" + dir.resolve("meta") + "\"",
                "[data]", "  dir = \"" + dir.resolve("data") + "\"", "  wal-dir = \"" + dir.resolve("wal") + "\"",
                "  query-log-enabled = false",
                "[http]", "  enabled = true", "  bind-address = \"127.0.0.1:" + httpPort + "\"", "  log-enabled = false",
                "[monitor]", "  store-enabled = false",
                "[continuous_queries]", "  enabled = false", ""));
        process = new ProcessBuilder(INFLUXD.toString(), "-config", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("influxd.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 20_000;
        while (!ping()) {
            if (System.currentTimeMillis() > deadline || !process.isAlive()) {
                throw new IllegalStateException("expected influxd to answer /ping within 20 s, found "
                        + (process.isAlive() ? "no answer" : "exit " + process.exitValue()) + "; log: "
                        + Files.readString(dir.resolve("influxd.log")));
            }
            Thread.sleep(100);
        }
        return this;
    }

    private boolean ping() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url() + "/ping").toURL().openConnection();
            c.setConnectTimeout(200);
            return c.getResponseCode() == 204;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
